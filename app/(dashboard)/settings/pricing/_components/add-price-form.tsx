'use client';

import { FormField } from '@/components/ui/form-field';
import { useKeptForm } from '@/components/forms/use-kept-form';
import { createPriceAction } from '@/lib/actions/prices/create-price';
import { AddFormActions } from '../../_components/add-form-actions';

/**
 * Adds a price for a provider + model from a UTC day. Rendered for admins only; the action checks
 * the role again. `today` comes from the server so the server's HTML and hydration agree.
 */
export function AddPriceForm({ today }: { today: string }) {
  // The provider and day stay after a success: the next price is often the same provider's.
  const { bind, state, isPending, fieldErrors, formProps } = useKeptForm(
    createPriceAction,
    { provider: '', model: '', inputPerMTok: '', outputPerMTok: '', effectiveFrom: today },
    { clearOnSuccess: ['model', 'inputPerMTok', 'outputPerMTok'] },
  );

  return (
    <form {...formProps} aria-label="Add price" className="space-y-4 px-5 py-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <FormField
          label="Provider"
          id="new-price-provider"
          autoComplete="off"
          required
          placeholder="openai"
          {...bind('provider')}
          error={fieldErrors?.provider}
        />
        <FormField
          label="Model"
          id="new-price-model"
          autoComplete="off"
          required
          placeholder="gpt-4o-mini"
          {...bind('model')}
          error={fieldErrors?.model}
        />
        <FormField
          label="Input (USD per 1M tokens)"
          id="new-price-input"
          inputMode="decimal"
          required
          placeholder="0.15"
          {...bind('inputPerMTok')}
          error={fieldErrors?.inputPerMTokMicros}
        />
        <FormField
          label="Output (USD per 1M tokens)"
          id="new-price-output"
          inputMode="decimal"
          required
          placeholder="0.60"
          {...bind('outputPerMTok')}
          error={fieldErrors?.outputPerMTokMicros}
        />
        <FormField
          label="Effective from (UTC)"
          id="new-price-effective-from"
          type="date"
          required
          {...bind('effectiveFrom')}
          hint="From 00:00 UTC that day."
          error={fieldErrors?.effectiveFrom}
        />
      </div>
      <AddFormActions label="Add price" isPending={isPending} state={state} />
    </form>
  );
}
