'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, FormField, SelectField } from '@/components/ui/form-field';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { createBudgetAction } from '@/lib/actions/costs/create-budget';

const SCOPES = [
  { value: 'global', label: 'Global (all spend)' },
  { value: 'agent', label: 'One agent (id)' },
  { value: 'capability', label: 'One capability (name)' },
  { value: 'request', label: 'One request (id)' },
];
const PERIODS = [
  { value: 'total', label: 'All time' },
  { value: 'day', label: 'Per day (UTC)' },
  { value: 'month', label: 'Per month (UTC)' },
];
const MODES = [
  { value: 'stop', label: 'Stop: cancel the rest, fail the request' },
  { value: 'pause', label: 'Pause: wait for approval' },
  { value: 'warn', label: 'Warn: record an event, keep going' },
];

/** Admins create budgets here; the same validation as POST /api/v1/budgets. */
export function CreateBudgetForm() {
  const [scope, setScope] = useState('global');
  const [state, action, isPending] = useActionState(createBudgetAction, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      className="space-y-4 px-5 py-4"
      aria-label="Create a budget"
    >
      <FormAlert message={failure && !failure.fieldErrors ? failure.message : null} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField
          label="Budget name"
          name="name"
          id="budget-name"
          required
          autoComplete="off"
          error={failure?.fieldErrors?.name}
        />
        <SelectField
          label="Scope"
          name="scope"
          id="budget-scope"
          options={SCOPES}
          value={scope}
          onChange={(event) => setScope(event.target.value)}
          error={failure?.fieldErrors?.scope}
        />
        <FormField
          label="Applies to"
          name="target"
          id="budget-target"
          autoComplete="off"
          disabled={scope === 'global'}
          hint={
            scope === 'global'
              ? 'Every call.'
              : scope === 'capability'
                ? 'Capability name.'
                : 'Id (UUID).'
          }
          error={failure?.fieldErrors?.target}
        />
        <FormField
          label="Limit (USD)"
          name="limit"
          id="budget-limit"
          inputMode="decimal"
          required
          placeholder="25.00"
          error={failure?.fieldErrors?.limit}
        />
        <SelectField
          label="Period"
          name="period"
          id="budget-period"
          options={PERIODS}
          defaultValue="total"
          error={failure?.fieldErrors?.period}
        />
        <SelectField
          label="When reached"
          name="mode"
          id="budget-mode"
          options={MODES}
          defaultValue="stop"
          error={failure?.fieldErrors?.mode}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={isPending}>
          {isPending ? 'Creating…' : 'Create budget'}
        </Button>
        <p role="status" className="text-sm text-ink empty:hidden">
          {state?.ok ? `Created the budget “${state.data.name}”.` : null}
        </p>
      </div>
    </form>
  );
}
