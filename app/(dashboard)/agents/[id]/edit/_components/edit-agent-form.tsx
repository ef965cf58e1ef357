'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { FormAlert, FormField } from '@/components/ui/form-field';
import { updateAgentAction } from '@/lib/actions/agents/update-agent';
import { REMOVE_SECRET_FIELD } from '@/lib/actions/agents/update-form';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import type { AgentKind } from '@/lib/engine';
import { KIND_LABELS } from '../../../_components/agent-format';
import {
  ADVANCED_FIELDS,
  AdvancedSection,
  CapabilitiesEditor,
  CheckboxField,
  Section,
  SelectField,
  TextAreaField,
  type AdvancedDefaults,
  type CapabilityDefaults,
  type FieldErrors,
} from '../../../_components/agent-form-fields';

/** The agent as the form starts: plain, serializable, and without its secret. */
export interface EditAgentFormValues {
  id: string;
  /** Price-table rows the "Model price" select offers. */
  modelPrices: { provider: string; model: string; label: string }[];
  kind: AgentKind;
  name: string;
  displayName: string;
  description: string;
  endpointUrl: string;
  hasSecret: boolean;
  config: {
    canary: boolean;
    model: string;
    systemPrompt: string;
    probe: string;
    healthUrl: string;
    builtin: string;
  };
  capabilities: CapabilityDefaults[];
  advanced: AdvancedDefaults;
}

const SECRET_LABELS = {
  a2a: 'Bearer token',
  openai: 'API key',
  webhook: 'Secret',
  mcp: 'Bearer token',
} as const;

export function EditAgentForm({ values }: { values: EditAgentFormValues }) {
  const { kind } = values;
  const [isAdvancedOpen, setIsAdvancedOpen] = useState(false);
  const [state, action, isPending] = useActionState<
    Awaited<ReturnType<typeof updateAgentAction>>,
    FormData
  >(async (previous, formData) => {
    const result = await updateAgentAction(values.id, previous, formData);
    // An error in a collapsed field must not be invisible.
    if (result && !result.ok && ADVANCED_FIELDS.some((field) => result.fieldErrors?.[field])) {
      setIsAdvancedOpen(true);
    }
    return result;
  }, null);
  const fieldErrors: FieldErrors = (state && !state.ok && state.fieldErrors) || {};
  const builtin = BUILTIN_AGENTS.find((agent) => agent.name === values.config.builtin);

  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      aria-label="Edit agent"
      className="space-y-6"
    >
      <Section title="Agent">
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            label="Name"
            name="name"
            defaultValue={values.name}
            autoComplete="off"
            spellCheck={false}
            required
            hint="A unique slug: lower-case letters, digits and dashes."
            error={fieldErrors.name}
          />
          <FormField
            label="Display name"
            name="displayName"
            defaultValue={values.displayName}
            autoComplete="off"
            required
            error={fieldErrors.displayName}
          />
          <TextAreaField
            label="Description"
            name="description"
            defaultValue={values.description}
            rows={2}
            className="sm:col-span-2"
            hint="Optional."
            error={fieldErrors.description}
          />
          <p className="text-sm text-ink-muted sm:col-span-2">
            Kind: <span className="font-medium text-ink">{KIND_LABELS[kind]}</span> (cannot change).
          </p>
        </div>
      </Section>

      <Section title="Connection">
        <div className="grid gap-4 sm:grid-cols-2">
          {kind !== 'builtin' ? (
            <FormField
              label="Endpoint URL"
              name="endpointUrl"
              defaultValue={values.endpointUrl}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              required
              className="sm:col-span-2"
              hint={
                kind === 'a2a'
                  ? 'Changing it re-reads the agent card from the new address.'
                  : undefined
              }
              error={fieldErrors.endpointUrl}
            />
          ) : null}

          {kind === 'a2a' ? (
            <CheckboxField
              label="Send a canary message in health checks"
              name="config.canary"
              defaultChecked={values.config.canary}
              hint="Besides reading the card, each check sends a short message and expects a reply."
              className="sm:col-span-2"
            />
          ) : null}

          {kind === 'openai' ? (
            <>
              <FormField
                label="Model"
                name="config.model"
                defaultValue={values.config.model}
                autoComplete="off"
                spellCheck={false}
                required
                error={fieldErrors['config.model']}
              />
              <SelectField
                label="Health probe"
                name="config.probe"
                defaultValue={values.config.probe}
                options={[
                  { value: 'models', label: 'List models (free)' },
                  { value: 'completion', label: 'One-token completion (costs a token)' },
                ]}
                error={fieldErrors['config.probe']}
              />
              <TextAreaField
                label="System prompt"
                name="config.systemPrompt"
                defaultValue={values.config.systemPrompt}
                rows={3}
                className="sm:col-span-2"
                hint="Optional. Sent before every task."
                error={fieldErrors['config.systemPrompt']}
              />
            </>
          ) : null}

          {kind === 'webhook' ? (
            <FormField
              label="Health URL"
              name="config.healthUrl"
              defaultValue={values.config.healthUrl}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              className="sm:col-span-2"
              hint="Optional. Health checks GET it and expect a 2xx; the endpoint URL by default."
              error={fieldErrors['config.healthUrl']}
            />
          ) : null}

          {kind === 'builtin' ? (
            <p className="text-sm text-ink-muted sm:col-span-2">
              Runs the builtin{' '}
              <span className="font-medium text-ink">
                {builtin?.displayName ?? values.config.builtin}
              </span>
              . Register a new agent to run another one.
            </p>
          ) : (
            <>
              <FormField
                label={SECRET_LABELS[kind]}
                name="secret"
                type="password"
                autoComplete="new-password"
                hint={
                  values.hasSecret
                    ? 'A secret is stored. Leave blank to keep it; type a new one to replace it.'
                    : 'None stored. Optional; stored encrypted, never shown again.'
                }
                error={fieldErrors.secret}
              />
              {values.hasSecret ? (
                <CheckboxField
                  label="Remove the stored secret"
                  name={REMOVE_SECRET_FIELD}
                  hint="Requests are then sent without an Authorization header."
                />
              ) : null}
            </>
          )}
        </div>
      </Section>

      {kind === 'openai' || kind === 'webhook' ? (
        <Section title="Capabilities">
          <CapabilitiesEditor fieldErrors={fieldErrors} initial={values.capabilities} />
        </Section>
      ) : null}

      <AdvancedSection
        fieldErrors={fieldErrors}
        open={isAdvancedOpen}
        onOpenChange={setIsAdvancedOpen}
        defaults={values.advanced}
        modelPrices={values.modelPrices}
      />

      <div className="space-y-3">
        <FormAlert message={state && !state.ok ? (fieldErrors._ ?? state.message) : null} />
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={isPending}>
            {isPending ? 'Saving…' : 'Save changes'}
          </Button>
          <Link
            href={`/agents/${values.id}`}
            className="rounded-sm text-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
          >
            Cancel
          </Link>
        </div>
      </div>
    </form>
  );
}
