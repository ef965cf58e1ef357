'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { createPriceAction } from '@/lib/actions/prices/create-price';
import { FormStatus } from '../../_components/form-status';

/**
 * Adds a price for a provider + model from a UTC day. Rendered for admins only; the action checks
 * the role again. `today` comes from the server so the server's HTML and hydration agree.
 */
export function AddPriceForm({ today }: { today: string }) {
  // Kept after a failed attempt (see submitWithoutReset), cleared once the price exists.
  const [provider, setProvider] = useState('');
  const [model, setModel] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(today);
  const [state, action, isPending] = useActionState<
    Awaited<ReturnType<typeof createPriceAction>>,
    FormData
  >(async (previous, formData) => {
    const result = await createPriceAction(previous, formData);
    if (result?.ok) {
      setModel('');
      setInput('');
      setOutput('');
    }
    return result;
  }, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      aria-label="Add price"
      className="space-y-4 px-5 py-4"
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <FormField
          label="Provider"
          name="provider"
          id="new-price-provider"
          autoComplete="off"
          required
          placeholder="openai"
          value={provider}
          onChange={(event) => setProvider(event.target.value)}
          error={fieldErrors?.provider}
        />
        <FormField
          label="Model"
          name="model"
          id="new-price-model"
          autoComplete="off"
          required
          placeholder="gpt-4o-mini"
          value={model}
          onChange={(event) => setModel(event.target.value)}
          error={fieldErrors?.model}
        />
        <FormField
          label="Input (USD per 1M tokens)"
          name="inputPerMTok"
          id="new-price-input"
          inputMode="decimal"
          required
          placeholder="0.15"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          error={fieldErrors?.inputPerMTokMicros}
        />
        <FormField
          label="Output (USD per 1M tokens)"
          name="outputPerMTok"
          id="new-price-output"
          inputMode="decimal"
          required
          placeholder="0.60"
          value={output}
          onChange={(event) => setOutput(event.target.value)}
          error={fieldErrors?.outputPerMTokMicros}
        />
        <FormField
          label="Effective from (UTC)"
          name="effectiveFrom"
          id="new-price-effective-from"
          type="date"
          required
          value={effectiveFrom}
          onChange={(event) => setEffectiveFrom(event.target.value)}
          hint="From 00:00 UTC that day."
          error={fieldErrors?.effectiveFrom}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={isPending}>
          {isPending ? 'Adding…' : 'Add price'}
        </Button>
        <FormStatus state={fieldErrors ? null : state} />
      </div>
    </form>
  );
}
