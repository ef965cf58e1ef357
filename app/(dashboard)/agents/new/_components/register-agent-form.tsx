'use client';

import { useMutation } from '@tanstack/react-query';
import {
  useActionState,
  useId,
  useRef,
  useState,
  type ComponentProps,
  type ReactNode,
} from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormAlert, FormField } from '@/components/ui/form-field';
import { previewAgentCardAction } from '@/lib/actions/agents/preview-agent-card';
import { registerAgentAction } from '@/lib/actions/agents/register-agent';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import type { AgentKind } from '@/lib/engine';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { KIND_LABELS } from '../../_components/agent-format';
import { CardPreviewPanel } from './card-preview-panel';

const KIND_HINTS = {
  a2a: 'An agent speaking the A2A protocol. Baton reads its agent card; its skills become capabilities.',
  openai: 'A model behind an OpenAI-compatible API (OpenAI, Ollama, vLLM, LiteLLM …).',
  webhook: 'Any HTTP endpoint that accepts a task as JSON and answers with the result.',
  builtin: 'One of the agents that run inside Baton, with no external service.',
} as const satisfies Record<AgentKind, string>;

const KIND_ORDER: readonly AgentKind[] = ['a2a', 'openai', 'webhook', 'builtin'];

/** Form fields (by payload path) that live in the collapsed "Advanced" section. */
const ADVANCED_FIELDS = [
  'maxConcurrentTasks',
  'weight',
  'priceInputPerMTokMicros',
  'priceOutputPerMTokMicros',
  'pricePerCallMicros',
  'healthCheckIntervalS',
  'autoRecover',
];

type FieldErrors = Record<string, string>;

export function RegisterAgentForm() {
  const [kind, setKind] = useState<AgentKind>('a2a');
  const [isAdvancedOpen, setIsAdvancedOpen] = useState(false);
  const [state, action, isPending] = useActionState<
    Awaited<ReturnType<typeof registerAgentAction>>,
    FormData
  >(async (previous, formData) => {
    const result = await registerAgentAction(previous, formData);
    // An error in a collapsed field must not be invisible.
    if (result && !result.ok && ADVANCED_FIELDS.some((field) => result.fieldErrors?.[field])) {
      setIsAdvancedOpen(true);
    }
    return result;
  }, null);
  const fieldErrors: FieldErrors = (state && !state.ok && state.fieldErrors) || {};

  const endpointRef = useRef<HTMLInputElement>(null);
  const bearerRef = useRef<HTMLInputElement>(null);
  const preview = useMutation({ mutationFn: previewAgentCardAction });
  const previewResult = kind === 'a2a' ? preview.data : undefined;
  const previewError =
    previewResult && !previewResult.ok
      ? (previewResult.fieldErrors?.endpointUrl ?? previewResult.message)
      : undefined;
  const readCard = () => {
    preview.mutate({
      endpointUrl: endpointRef.current?.value ?? '',
      secret: bearerRef.current?.value || undefined,
    });
  };

  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      aria-label="Register agent"
      className="space-y-6"
    >
      <Section title="Kind">
        <fieldset aria-describedby={fieldErrors.kind ? 'field-kind-error' : undefined}>
          <legend className="sr-only">Kind</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {KIND_ORDER.map((option) => (
              <label
                key={option}
                className={cn(
                  'flex cursor-pointer gap-3 rounded-md border p-3 text-sm',
                  option === kind
                    ? 'border-accent-600 bg-accent-50 ring-1 ring-accent-600'
                    : 'border-line bg-surface hover:bg-slate-50',
                )}
              >
                {/* Named by the kind alone, described by its hint: short names for screen readers. */}
                <input
                  type="radio"
                  name="kind"
                  value={option}
                  checked={option === kind}
                  onChange={() => setKind(option)}
                  aria-labelledby={`kind-${option}-label`}
                  aria-describedby={`kind-${option}-hint`}
                  className="mt-0.5 accent-accent-600"
                />
                <span>
                  <span id={`kind-${option}-label`} className="block font-medium text-ink">
                    {KIND_LABELS[option]}
                  </span>
                  <span id={`kind-${option}-hint`} className="mt-0.5 block text-ink-muted">
                    {KIND_HINTS[option]}
                  </span>
                </span>
              </label>
            ))}
          </div>
          {fieldErrors.kind ? (
            <p id="field-kind-error" className="mt-2 text-sm text-status-failed">
              {fieldErrors.kind}
            </p>
          ) : null}
        </fieldset>
      </Section>

      <Section title="Agent">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            label="Name"
            name="name"
            autoComplete="off"
            spellCheck={false}
            required
            placeholder="invoice-parser"
            hint="A unique slug: lower-case letters, digits and dashes."
            error={fieldErrors.name}
          />
          <FormField
            label="Display name"
            name="displayName"
            autoComplete="off"
            hint={
              kind === 'a2a'
                ? 'Optional: the card’s name by default.'
                : kind === 'builtin'
                  ? 'Optional: the builtin’s name by default.'
                  : 'Optional: the name by default.'
            }
            error={fieldErrors.displayName}
          />
          <TextAreaField
            label="Description"
            name="description"
            rows={2}
            className="sm:col-span-2"
            hint={kind === 'a2a' ? 'Optional: the card’s description by default.' : 'Optional.'}
            error={fieldErrors.description}
          />
        </div>
      </Section>

      <Section title="Connection">
        <div className="grid gap-4 sm:grid-cols-2">
          {kind !== 'builtin' ? (
            <div className="space-y-2 sm:col-span-2">
              <FormField
                ref={endpointRef}
                label="Endpoint URL"
                name="endpointUrl"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                required
                placeholder={
                  kind === 'openai' ? 'http://localhost:11434/v1' : 'https://agent.example.com'
                }
                hint={
                  kind === 'a2a'
                    ? 'The agent’s base URL; its card is read from /.well-known/agent-card.json.'
                    : undefined
                }
                error={previewError ?? fieldErrors.endpointUrl}
                onChange={() => {
                  if (preview.data || preview.error) preview.reset();
                }}
              />
              {kind === 'a2a' ? (
                <div className="space-y-3">
                  <Button variant="secondary" onClick={readCard} disabled={preview.isPending}>
                    {preview.isPending ? 'Reading card…' : 'Read agent card'}
                  </Button>
                  {preview.error ? (
                    <FormAlert message="The card could not be read: the server did not answer. Try again." />
                  ) : null}
                  {previewResult?.ok ? <CardPreviewPanel card={previewResult.data} /> : null}
                </div>
              ) : null}
            </div>
          ) : null}

          {kind === 'a2a' ? (
            <>
              <FormField
                ref={bearerRef}
                label="Bearer token"
                name="secret"
                type="password"
                autoComplete="new-password"
                hint="Optional. Sent as Authorization: Bearer; stored encrypted, never shown again."
                error={fieldErrors.secret}
              />
              <CheckboxField
                label="Send a canary message in health checks"
                name="config.canary"
                hint="Besides reading the card, each check sends a short message and expects a reply."
              />
            </>
          ) : null}

          {kind === 'openai' ? (
            <>
              <FormField
                label="Model"
                name="config.model"
                autoComplete="off"
                spellCheck={false}
                required
                placeholder="gpt-4o-mini"
                error={fieldErrors['config.model']}
              />
              <FormField
                label="API key"
                name="secret"
                type="password"
                autoComplete="new-password"
                hint="Optional for local servers. Stored encrypted, never shown again."
                error={fieldErrors.secret}
              />
              <TextAreaField
                label="System prompt"
                name="config.systemPrompt"
                rows={3}
                className="sm:col-span-2"
                hint="Optional. Sent before every task."
                error={fieldErrors['config.systemPrompt']}
              />
              <SelectField
                label="Health probe"
                name="config.probe"
                defaultValue="models"
                options={[
                  { value: 'models', label: 'List models (free)' },
                  { value: 'completion', label: 'One-token completion (costs a token)' },
                ]}
                error={fieldErrors['config.probe']}
              />
            </>
          ) : null}

          {kind === 'webhook' ? (
            <>
              <FormField
                label="Health URL"
                name="config.healthUrl"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                hint="Optional. Health checks GET it and expect a 2xx; the endpoint URL by default."
                error={fieldErrors['config.healthUrl']}
              />
              <FormField
                label="Secret"
                name="secret"
                type="password"
                autoComplete="new-password"
                hint="Optional. Sent as Authorization: Bearer; stored encrypted, never shown again."
                error={fieldErrors.secret}
              />
            </>
          ) : null}

          {kind === 'builtin' ? (
            <SelectField
              label="Builtin agent"
              name="config.builtin"
              defaultValue={BUILTIN_AGENTS[0]?.name}
              options={BUILTIN_AGENTS.map((agent) => ({
                value: agent.name,
                label: `${agent.displayName} — ${agent.description}`,
              }))}
              hint="Its capabilities come from Baton’s catalog."
              error={fieldErrors['config.builtin']}
              className="sm:col-span-2"
            />
          ) : null}
        </div>
      </Section>

      {kind === 'openai' || kind === 'webhook' ? (
        <Section title="Capabilities">
          <CapabilitiesEditor fieldErrors={fieldErrors} />
        </Section>
      ) : null}

      <details
        open={isAdvancedOpen}
        onToggle={(event) => setIsAdvancedOpen(event.currentTarget.open)}
        className="rounded-lg border border-line bg-surface shadow-xs"
      >
        <summary className="cursor-pointer px-5 py-4 text-sm font-semibold text-ink">
          Advanced
          <span className="ml-2 font-normal text-ink-muted">
            Concurrency, routing weight, prices, health checks
          </span>
        </summary>
        <div className="grid gap-4 border-t border-line px-5 py-4 sm:grid-cols-2">
          <FormField
            label="Max concurrent tasks"
            name="maxConcurrentTasks"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            defaultValue={4}
            error={fieldErrors.maxConcurrentTasks}
          />
          <FormField
            label="Weight"
            name="weight"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            defaultValue={100}
            hint="Relative share of work under the weighted strategy."
            error={fieldErrors.weight}
          />
          <FormField
            label="Price per 1M input tokens (USD)"
            name="priceInputPerMTok"
            inputMode="decimal"
            placeholder="0.00"
            error={fieldErrors.priceInputPerMTokMicros}
          />
          <FormField
            label="Price per 1M output tokens (USD)"
            name="priceOutputPerMTok"
            inputMode="decimal"
            placeholder="0.00"
            error={fieldErrors.priceOutputPerMTokMicros}
          />
          <FormField
            label="Price per call (USD)"
            name="pricePerCall"
            inputMode="decimal"
            placeholder="0.00"
            hint="Up to 6 decimals, e.g. 0.0005."
            error={fieldErrors.pricePerCallMicros}
          />
          <FormField
            label="Health-check interval (seconds)"
            name="healthCheckIntervalS"
            type="number"
            inputMode="numeric"
            min={5}
            step={1}
            defaultValue={60}
            error={fieldErrors.healthCheckIntervalS}
          />
          <CheckboxField
            label="Auto-recover"
            name="autoRecover"
            hint="A failed agent returns to service by itself after enough good checks (via maintenance)."
            className="sm:col-span-2"
          />
        </div>
      </details>

      <div className="space-y-3">
        <FormAlert message={state && !state.ok ? (fieldErrors._ ?? state.message) : null} />
        <Button type="submit" disabled={isPending}>
          {isPending
            ? kind === 'a2a'
              ? 'Reading card and registering…'
              : 'Registering…'
            : 'Register'}
        </Button>
      </div>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-line bg-surface px-5 py-4 shadow-xs"
    >
      <h2 id={id} className="mb-4 text-sm font-semibold text-ink">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * Capability rows for kinds that do not bring their own. Inputs are named by position
 * (`capabilities.0.name`), matching the zod error paths; the React key is a stable id so removing
 * a row keeps what was typed in the others. Each row is a group named "Capability N".
 */
function CapabilitiesEditor({ fieldErrors }: { fieldErrors: FieldErrors }) {
  const [rows, setRows] = useState<number[]>([0]);
  const nextId = useRef(1);
  const errorFor = (key: string) =>
    fieldErrors[key] ??
    Object.entries(fieldErrors).find(([path]) => path.startsWith(`${key}.`))?.[1];

  return (
    <fieldset
      aria-describedby={fieldErrors.capabilities ? 'field-capabilities-error' : 'capabilities-hint'}
      className="space-y-4"
    >
      <legend className="sr-only">Capabilities</legend>
      <p id="capabilities-hint" className="text-sm text-ink-muted">
        What Baton may route to this agent. At least one.
      </p>
      {fieldErrors.capabilities ? (
        <p id="field-capabilities-error" className="text-sm text-status-failed">
          {fieldErrors.capabilities}
        </p>
      ) : null}
      {rows.map((rowId, position) => {
        const prefix = `capabilities.${position}`;
        const idFor = (field: string) => `capability-${rowId}-${field}`;
        return (
          <fieldset key={rowId} className="relative rounded-md border border-line p-4">
            {/* Floated so the legend sits inside the box, level with the Remove button. */}
            <legend className="float-left mb-3 text-sm font-medium text-ink">
              Capability {position + 1}
            </legend>
            <Button
              variant="secondary"
              className="absolute top-2.5 right-3"
              onClick={() => setRows((current) => current.filter((id) => id !== rowId))}
            >
              Remove
            </Button>
            <div className="clear-both grid gap-4 sm:grid-cols-2">
              <FormField
                label="Capability name"
                id={idFor('name')}
                name={`${prefix}.name`}
                placeholder="summarize"
                spellCheck={false}
                autoComplete="off"
                error={errorFor(`${prefix}.name`)}
              />
              <FormField
                label="Tags"
                id={idFor('tags')}
                name={`${prefix}.tags`}
                placeholder="text, summary"
                hint="Comma-separated."
                autoComplete="off"
                error={errorFor(`${prefix}.tags`)}
              />
              <FormField
                label="Capability description"
                id={idFor('description')}
                name={`${prefix}.description`}
                autoComplete="off"
                className="sm:col-span-2"
                error={errorFor(`${prefix}.description`)}
              />
              <FormField
                label="Input types"
                id={idFor('inputTypes')}
                name={`${prefix}.inputTypes`}
                placeholder="text/plain"
                hint="Comma-separated media types; text/plain when blank."
                autoComplete="off"
                error={errorFor(`${prefix}.inputTypes`)}
              />
              <FormField
                label="Output types"
                id={idFor('outputTypes')}
                name={`${prefix}.outputTypes`}
                placeholder="text/plain"
                hint="Comma-separated media types; text/plain when blank."
                autoComplete="off"
                error={errorFor(`${prefix}.outputTypes`)}
              />
            </div>
          </fieldset>
        );
      })}
      <Button
        variant="secondary"
        onClick={() => {
          setRows((current) => [...current, nextId.current]);
          nextId.current += 1;
        }}
      >
        Add capability
      </Button>
    </fieldset>
  );
}

function TextAreaField({
  label,
  name,
  error,
  hint,
  className,
  ...textarea
}: ComponentProps<'textarea'> & { label: string; name: string; error?: string; hint?: string }) {
  const id = textarea.id ?? `field-${name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          'block w-full rounded-md border bg-surface px-3 py-2 text-sm text-ink shadow-xs placeholder:text-slate-400 focus-visible:outline-accent-500',
          error ? 'border-status-failed' : 'border-line',
        )}
        {...textarea}
      />
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-status-failed">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function SelectField({
  label,
  name,
  error,
  hint,
  options,
  className,
  ...select
}: Omit<ComponentProps<'select'>, 'children'> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  options: { value: string; label: string }[];
}) {
  const id = `field-${name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cn(
          'block w-full rounded-md border bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500',
          error ? 'border-status-failed' : 'border-line',
        )}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-status-failed">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function CheckboxField({
  label,
  name,
  hint,
  className,
}: {
  label: string;
  name: string;
  hint?: string;
  className?: string;
}) {
  const id = `field-${name}`;
  return (
    <div className={cn('flex items-start gap-3', className)}>
      <input
        id={id}
        name={name}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-1 size-4 accent-accent-600"
      />
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-ink">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-ink-muted">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
