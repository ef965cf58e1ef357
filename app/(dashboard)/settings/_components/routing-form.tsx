'use client';

import { useActionState, useState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/form-field';
import type { RoutingStrategy } from '@/lib/engine';
import { STRATEGY_HELP, STRATEGY_OPTIONS } from '../../requests/_components/strategy-options';
import { updateRoutingDefaultAction } from '@/lib/actions/settings/update-routing';
import { FormStatus } from './form-status';

/** The instance-wide default routing strategy. */
export function RoutingForm({ current }: { current: RoutingStrategy }) {
  const [state, action, isPending] = useActionState(updateRoutingDefaultAction, null);
  const [selected, setSelected] = useState<RoutingStrategy>(current);
  const fieldError = state && !state.ok ? state.fieldErrors?.strategy : undefined;
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label="Default routing strategy"
      className="space-y-3 px-5 py-4"
    >
      <SelectField
        label="Default strategy"
        name="strategy"
        value={selected}
        onChange={(event) => setSelected(event.target.value as RoutingStrategy)}
        options={STRATEGY_OPTIONS}
        hint={STRATEGY_HELP[selected]}
        error={fieldError}
        className="max-w-md"
      />
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? 'Saving…' : 'Save strategy'}
      </Button>
      <FormStatus state={fieldError ? null : state} />
    </form>
  );
}
