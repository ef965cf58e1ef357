'use client';

import { useActionState, useState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { FormField, SelectField } from '@/components/ui/form-field';
import { updateEmbeddingsAction } from '@/lib/actions/settings/update-routing';
import type { PlannerOption } from './planner-form';
import { FormStatus } from './form-status';

/** The endpoint and model semantic routing embeds with, or none (BM25). */
export function EmbeddingsForm({
  options,
  currentId,
  currentModel,
}: {
  options: PlannerOption[];
  currentId: string;
  currentModel: string;
}) {
  const [state, action, isPending] = useActionState(updateEmbeddingsAction, null);
  const [selected, setSelected] = useState(currentId);
  const fieldErrors = (state && !state.ok && state.fieldErrors) || {};
  const hasFieldError = Boolean(fieldErrors.agentId || fieldErrors.model);
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label="Embeddings for semantic routing"
      className="space-y-3 border-t border-line px-5 py-4"
    >
      <SelectField
        id="embeddings-agent"
        label="Embeddings endpoint"
        name="agentId"
        value={selected}
        onChange={(event) => setSelected(event.target.value)}
        options={[
          { value: '', label: 'None (semantic routing ranks with BM25)' },
          ...options.map((o) => ({ value: o.id, label: o.label })),
        ]}
        hint="An OpenAI-compatible agent whose /embeddings endpoint ranks agents for the semantic strategy. One call per routing decision, never a chat completion."
        error={fieldErrors.agentId}
        className="max-w-md"
      />
      {selected ? (
        <FormField
          id="embeddings-model"
          label="Embedding model"
          name="model"
          defaultValue={currentModel}
          placeholder="text-embedding-3-small"
          error={fieldErrors.model}
          className="max-w-md"
        />
      ) : null}
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? 'Saving…' : 'Save embeddings'}
      </Button>
      <FormStatus state={hasFieldError ? null : state} />
    </form>
  );
}
