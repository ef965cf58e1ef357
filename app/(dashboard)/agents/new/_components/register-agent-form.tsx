'use client';

import { useMutation } from '@tanstack/react-query';
import { useActionState, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormAlert, FormField } from '@/components/ui/form-field';
import { previewAgentCardAction } from '@/lib/actions/agents/preview-agent-card';
import { registerAgentAction } from '@/lib/actions/agents/register-agent';
import {
  agentNameFrom,
  errorKeyForInput,
  validateRegisterForm,
} from '@/lib/actions/agents/register-form';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import type { AgentKind } from '@/lib/engine';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { KIND_LABELS } from '../../_components/agent-format';
import {
  ADVANCED_FIELDS,
  AdvancedSection,
  CapabilitiesEditor,
  CheckboxField,
  Section,
  SelectField,
  TextAreaField,
  type FieldErrors,
} from '../../_components/agent-form-fields';
import { CardPreviewPanel } from './card-preview-panel';

const KIND_HINTS = {
  a2a: 'An agent speaking the A2A protocol. Baton reads its agent card; its skills become capabilities.',
  openai: 'A model behind an OpenAI-compatible API (OpenAI, Ollama, vLLM, LiteLLM …).',
  webhook: 'Any HTTP endpoint that accepts a task as JSON and answers with the result.',
  builtin: 'One of the agents that run inside Baton, with no external service.',
  mcp: 'A Model Context Protocol server (Streamable HTTP). Baton lists its tools; each becomes a capability.',
} as const satisfies Record<AgentKind, string>;

const KIND_ORDER: readonly AgentKind[] = ['a2a', 'mcp', 'openai', 'webhook', 'builtin'];

export function RegisterAgentForm({
  modelPrices,
}: {
  /** Price-table rows the "Model price" select offers. */
  modelPrices: readonly { provider: string; model: string; label: string }[];
}) {
  const [kind, setKind] = useState<AgentKind>('a2a');
  const [isAdvancedOpen, setIsAdvancedOpen] = useState(false);
  /** The kind the shown preview was read for (a card, or an MCP server's tools). */
  const [previewKind, setPreviewKind] = useState<AgentKind | null>(null);
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
  const serverErrors: FieldErrors = (state && !state.ok && state.fieldErrors) || {};
  // Fields edited since the server answered, with what the same validation says of them now:
  // a fixed field's error disappears as soon as it is valid, without resubmitting.
  const [edits, setEdits] = useState<{ of: typeof state; errors: Record<string, string | null> }>({
    of: null,
    errors: {},
  });
  const edited = edits.of === state ? edits.errors : {};
  const fieldErrors: FieldErrors = Object.fromEntries(
    Object.entries(serverErrors).flatMap(([key, message]) => {
      if (!(key in edited)) return [[key, message]];
      const now = edited[key];
      return now ? [[key, now]] : [];
    }),
  );
  const allFixed =
    Object.keys(serverErrors).length > 0 &&
    Object.keys(fieldErrors).filter((key) => key !== '_').length === 0 &&
    !fieldErrors._;
  const formRef = useRef<HTMLFormElement>(null);
  const recheck = (inputName: string) => {
    const form = formRef.current;
    if (!form || !inputName) return;
    const data = new FormData(form);
    const key = errorKeyForInput(inputName, data);
    if (!(key in serverErrors)) return;
    const result = validateRegisterForm(data);
    const now = result.ok ? null : (result.fieldErrors[key] ?? null);
    setEdits((previous) => ({
      of: state,
      errors: { ...(previous.of === state ? previous.errors : {}), [key]: now },
    }));
  };

  const nameRef = useRef<HTMLInputElement>(null);
  /** The name last filled in from a card, so a later card may replace it but a typed one stays. */
  const filledName = useRef('');
  const endpointRef = useRef<HTMLInputElement>(null);
  const bearerRef = useRef<HTMLInputElement>(null);
  const preview = useMutation({ mutationFn: previewAgentCardAction });
  const previewResult =
    (kind === 'a2a' || kind === 'mcp') && preview.data?.ok !== undefined && previewKind === kind
      ? preview.data
      : undefined;
  const previewError =
    previewResult && !previewResult.ok
      ? (previewResult.fieldErrors?.endpointUrl ?? previewResult.message)
      : undefined;
  const readCard = () => {
    setPreviewKind(kind);
    preview.mutate(
      {
        kind: kind === 'mcp' ? 'mcp' : 'a2a',
        endpointUrl: endpointRef.current?.value ?? '',
        secret: bearerRef.current?.value || undefined,
      },
      {
        onSuccess: (result) => {
          const input = nameRef.current;
          if (!result.ok || !input) return;
          const suggested = agentNameFrom(result.data.name);
          if (!suggested || (input.value.trim() && input.value !== filledName.current)) return;
          input.value = suggested;
          filledName.current = suggested;
          recheck('name');
        },
      },
    );
  };

  return (
    <form
      ref={formRef}
      action={action}
      onSubmit={submitWithoutReset(action)}
      onChange={(event) => recheck(inputName(event.target))}
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
            ref={nameRef}
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
                : kind === 'mcp'
                  ? 'Optional: the server’s name by default.'
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
                  kind === 'openai'
                    ? 'http://localhost:11434/v1'
                    : kind === 'mcp'
                      ? 'https://tools.example.com/mcp'
                      : 'https://agent.example.com'
                }
                hint={
                  kind === 'a2a'
                    ? 'The agent’s base URL; its card is read from /.well-known/agent-card.json.'
                    : kind === 'mcp'
                      ? 'The server’s MCP endpoint (Streamable HTTP), often ending in /mcp.'
                      : undefined
                }
                error={previewError ?? fieldErrors.endpointUrl}
                onChange={() => {
                  if (preview.data || preview.error) preview.reset();
                }}
              />
              {kind === 'a2a' || kind === 'mcp' ? (
                <div className="space-y-3">
                  <Button variant="secondary" onClick={readCard} disabled={preview.isPending}>
                    {kind === 'mcp'
                      ? preview.isPending
                        ? 'Listing tools…'
                        : 'List tools'
                      : preview.isPending
                        ? 'Reading card…'
                        : 'Read agent card'}
                  </Button>
                  {preview.error ? (
                    <FormAlert
                      message={`The ${kind === 'mcp' ? 'tools' : 'card'} could not be read: the server did not answer. Try again.`}
                    />
                  ) : null}
                  {previewResult?.ok ? <CardPreviewPanel card={previewResult.data} /> : null}
                </div>
              ) : null}
            </div>
          ) : null}

          {kind === 'mcp' ? (
            <FormField
              ref={bearerRef}
              label="Bearer token"
              name="secret"
              type="password"
              autoComplete="new-password"
              hint="Optional. Sent as Authorization: Bearer; stored encrypted, never shown again."
              error={fieldErrors.secret}
            />
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

      <AdvancedSection
        fieldErrors={fieldErrors}
        open={isAdvancedOpen}
        onOpenChange={setIsAdvancedOpen}
        modelPrices={modelPrices}
      />

      <div className="space-y-3">
        <FormAlert
          message={state && !state.ok && !allFixed ? (fieldErrors._ ?? state.message) : null}
        />
        <Button type="submit" disabled={isPending}>
          {isPending
            ? kind === 'a2a'
              ? 'Reading card and registering…'
              : kind === 'mcp'
                ? 'Listing tools and registering…'
                : 'Registering…'
            : 'Register'}
        </Button>
      </div>
    </form>
  );
}

/** The name of the form control a change event came from ('' for anything else). */
function inputName(target: EventTarget): string {
  return target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
    ? target.name
    : '';
}
