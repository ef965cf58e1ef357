'use client';

import { useActionState, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormAlert, FormField, SelectField, TextAreaField } from '@/components/ui/form-field';
import type { RoutingStrategy } from '@/lib/engine';
import { DEFAULT_ROUTING_STRATEGY, MAX_REQUEST_INPUT_CHARS } from '@/lib/schemas/requests';
import { submitRequestAction } from '@/lib/actions/requests/submit-request';
import { STRATEGY_HELP, STRATEGY_OPTIONS } from './strategy-options';

type InputKind = 'text' | 'workflow';

const KIND_COPY = {
  text: { label: 'Text', hint: 'Plain language; the planner splits it into tasks.' },
  workflow: { label: 'Workflow JSON', hint: 'An explicit task graph; no planner runs.' },
} as const satisfies Record<InputKind, { label: string; hint: string }>;

const TEXT_EXAMPLE = "Calculate 15 * 7 and count the words in 'Hello world'";

const WORKFLOW_EXAMPLE = `{
  "tasks": [
    { "ref": "product", "capability": "calculate", "input": "25 * 4" },
    { "ref": "as_json", "capability": "format_json", "dependsOn": ["product"] }
  ]
}`;

const PLANNER_OPTIONS = [
  { value: 'heuristic', label: 'Heuristic' },
  { value: 'llm', label: 'LLM' },
] as const;

const PLANNER_HINTS = {
  heuristic: 'Matches each clause to a capability; no model is called.',
  llm: 'Asks the planner model chosen under Settings; falls back to the heuristic when there is none.',
} as const;

/** Fields this form shows; an error on any other field is shown as the form's message. */
const SHOWN_FIELDS = ['input', 'workflow', 'planner', 'strategy', 'budget', 'deadlineSeconds'];

/** The operator's New request form; on success the action opens the request's page. */
export function SubmitRequestForm({
  defaultStrategy = DEFAULT_ROUTING_STRATEGY,
}: {
  /** The instance default (Settings → Routing), preselected. */
  defaultStrategy?: RoutingStrategy;
}) {
  const [state, action, isPending] = useActionState(submitRequestAction, null);
  const [kind, setKind] = useState<InputKind>('text');
  const [text, setText] = useState('');
  const [workflow, setWorkflow] = useState('');
  const [planner, setPlanner] = useState<keyof typeof PLANNER_HINTS>('heuristic');
  const [strategy, setStrategy] = useState<RoutingStrategy>(defaultStrategy);
  const fieldErrors = (state && !state.ok && state.fieldErrors) || {};
  const hasShownError = SHOWN_FIELDS.some((field) => fieldErrors[field]);
  const formError = state && !state.ok && !hasShownError ? state.message : null;
  const formRef = useRef<HTMLFormElement>(null);
  // Set when no agent fits the text and an LLM planner is configured (it can propose one).
  const offerLlm = planner === 'heuristic' && Boolean(fieldErrors.planner);

  function planWithLlm() {
    flushSync(() => setPlanner('llm'));
    formRef.current?.requestSubmit();
  }

  return (
    <form
      ref={formRef}
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      aria-label="New request"
      className="space-y-5 px-5 py-4"
    >
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-ink">Input</legend>
        <div className="flex flex-wrap gap-3">
          {(Object.keys(KIND_COPY) as InputKind[]).map((option) => (
            <label
              key={option}
              className={cn(
                'flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 text-sm',
                option === kind
                  ? 'border-accent-600 bg-accent-50 ring-1 ring-accent-600'
                  : 'border-line bg-surface hover:bg-slate-50',
              )}
            >
              <input
                type="radio"
                name="kind"
                value={option}
                checked={option === kind}
                onChange={() => setKind(option)}
                aria-labelledby={`request-kind-${option}-label`}
                aria-describedby={`request-kind-${option}-hint`}
                className="mt-0.5 accent-accent-600"
              />
              <span>
                <span id={`request-kind-${option}-label`} className="block font-medium text-ink">
                  {KIND_COPY[option].label}
                </span>
                <span id={`request-kind-${option}-hint`} className="block text-ink-muted">
                  {KIND_COPY[option].hint}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {kind === 'text' ? (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,1fr)]">
          <TextAreaField
            label="Request"
            name="input"
            rows={3}
            maxLength={MAX_REQUEST_INPUT_CHARS}
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder={TEXT_EXAMPLE}
            hint="What should be done, in plain language."
            error={fieldErrors.input}
          />
          <SelectField
            label="Planner"
            name="planner"
            value={planner}
            onChange={(event) => setPlanner(event.target.value as keyof typeof PLANNER_HINTS)}
            options={PLANNER_OPTIONS}
            hint={PLANNER_HINTS[planner]}
            error={planner === 'heuristic' ? fieldErrors.planner : undefined}
          />
          {offerLlm ? (
            <div className="lg:col-span-2">
              <Button type="button" variant="secondary" onClick={planWithLlm} disabled={isPending}>
                Plan with the LLM planner
              </Button>
            </div>
          ) : null}
        </div>
      ) : (
        <TextAreaField
          label="Workflow JSON"
          name="workflow"
          rows={8}
          spellCheck={false}
          value={workflow}
          onChange={(event) => setWorkflow(event.target.value)}
          placeholder={WORKFLOW_EXAMPLE}
          hint="Tasks with a ref and a capability; dependsOn names the tasks whose output a task needs."
          error={fieldErrors.workflow}
          className="[&_textarea]:font-mono [&_textarea]:text-xs"
        />
      )}

      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="Routing strategy"
          name="strategy"
          value={strategy}
          onChange={(event) => setStrategy(event.target.value as RoutingStrategy)}
          options={STRATEGY_OPTIONS}
          hint={STRATEGY_HELP[strategy]}
          error={fieldErrors.strategy}
        />
        <FormField
          label="Budget (USD)"
          name="budget"
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.50"
          hint="Optional spending limit for this request."
          error={fieldErrors.budget}
        />
        <FormField
          label="Deadline (seconds)"
          name="deadlineSeconds"
          inputMode="numeric"
          autoComplete="off"
          placeholder="300"
          hint="Optional: the request fails when not finished in time."
          error={fieldErrors.deadlineSeconds}
        />
      </div>

      <div className="flex items-start gap-3">
        <input
          id="field-requiresApproval"
          name="requiresApproval"
          type="checkbox"
          value="true"
          aria-describedby="field-requiresApproval-hint"
          className="mt-1 size-4 accent-accent-600"
        />
        <div>
          <label htmlFor="field-requiresApproval" className="block text-sm font-medium text-ink">
            Require approval
          </label>
          <p id="field-requiresApproval-hint" className="text-xs text-ink-muted">
            Plan and route first, then wait for an operator to approve before anything runs.
          </p>
        </div>
      </div>

      <FormAlert message={formError} />
      <Button type="submit" disabled={isPending}>
        {isPending ? 'Submitting…' : 'Submit request'}
      </Button>
    </form>
  );
}
