'use client';

import { useActionState, useState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/form-field';
import { updatePlannerAction } from '@/lib/actions/settings/update-planner';
import { FormStatus } from './form-status';

export interface PlannerOption {
  id: string;
  label: string;
}

/** Picks the agent the LLM planner calls, or none. */
export function PlannerForm({
  options,
  currentId,
}: {
  options: PlannerOption[];
  /** The configured agent when it is still a live openai agent, else ''. */
  currentId: string;
}) {
  const [state, action, isPending] = useActionState(updatePlannerAction, null);
  const [selected, setSelected] = useState(currentId);
  const fieldError = state && !state.ok ? state.fieldErrors?.agentId : undefined;
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label="LLM planner"
      className="space-y-3 px-5 py-4"
    >
      <SelectField
        label="Planner agent"
        name="agentId"
        value={selected}
        onChange={(event) => setSelected(event.target.value)}
        options={[
          { value: '', label: 'None (use the heuristic planner)' },
          ...options.map((o) => ({ value: o.id, label: o.label })),
        ]}
        hint={
          options.length === 0
            ? 'Register an OpenAI-compatible agent first; until then LLM requests use the heuristic planner.'
            : 'Requests submitted with the LLM planner ask this model for the plan.'
        }
        error={fieldError}
        className="max-w-md"
      />
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? 'Saving…' : 'Save planner'}
      </Button>
      <FormStatus state={fieldError ? null : state} />
    </form>
  );
}
