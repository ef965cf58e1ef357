/**
 * The edit form's contract: the conversion from its FormData to an UpdateAgentSchema payload (the
 * same schema as PATCH /api/v1/agents/{id}). Only fields that differ from the agent's current
 * values are sent, so an untouched form changes nothing and kind-specific config the form does not
 * show (an A2A agent's headers) is kept. Errors are keyed by payload path, as on the register form.
 * Pure: no server APIs.
 */
import { AGENT_CONFIG_SCHEMAS } from '@/lib/agents/config';
import { formatUsd, parseUsd, type AgentKind } from '@/lib/engine';
import { fieldErrorsFrom } from '@/lib/errors';
import { UpdateAgentSchema, type UpdateAgentPayload } from '@/lib/schemas/agents';
import {
  capabilityRowIndexes,
  KINDS_WITH_CAPABILITY_EDITOR,
  PRICE_FIELDS,
  PRICE_REF_FIELD,
  splitList,
} from './register-form';

export { PRICE_REF_FIELD };

/** Input name of the "Remove the stored secret" checkbox. */
export const REMOVE_SECRET_FIELD = 'removeSecret';

const INTEGER_FIELDS = ['maxConcurrentTasks', 'weight', 'healthCheckIntervalS'] as const;
const DEFAULT_MEDIA_TYPES = ['text/plain'];

/** What the form edits, as stored now (getAgentDetail's shape fits). */
export interface EditableAgent {
  kind: AgentKind;
  name: string;
  displayName: string;
  description: string;
  endpointUrl: string | null;
  config: unknown;
  maxConcurrentTasks: number;
  weight: number;
  priceInputPerMTok: bigint;
  priceOutputPerMTok: bigint;
  pricePerCall: bigint;
  /** A model price from the price table, both or neither. */
  priceProvider?: string | null;
  priceModel?: string | null;
  healthCheckIntervalS: number;
  autoRecover: boolean;
  capabilities: readonly {
    name: string;
    description: string;
    inputTypes: readonly string[];
    outputTypes: readonly string[];
    tags: readonly string[];
    examples: readonly string[];
  }[];
}

export type UpdateFormValidation =
  { ok: true; payload: UpdateAgentPayload } | { ok: false; fieldErrors: Record<string, string> };

/** Converts and validates the form against the agent's current values; all problems at once. */
export function validateUpdateForm(form: FormData, current: EditableAgent): UpdateFormValidation {
  const { payload, fieldErrors } = updatePayloadFromForm(form, current);
  const parsed = UpdateAgentSchema.safeParse(payload);
  const errors = { ...(parsed.success ? {} : fieldErrorsFrom(parsed.error.issues)) };
  if (payload.config !== undefined) {
    // Checked here too (editAgent does it again) so config errors come with the others.
    const config = AGENT_CONFIG_SCHEMAS[current.kind].safeParse(payload.config);
    if (!config.success) {
      for (const issue of config.error.issues) {
        errors[`config.${issue.path.join('.')}`] ??= issue.message;
      }
    }
  }
  Object.assign(errors, fieldErrors);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, payload: parsed.data };
  return { ok: false, fieldErrors: errors };
}

/**
 * Builds the payload of changes. Blank secret keeps the stored one, the remove checkbox sends
 * null; dollars become integer micro-dollars through parseUsd (a blank price is $0).
 */
export function updatePayloadFromForm(
  form: FormData,
  current: EditableAgent,
): { payload: Record<string, unknown>; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const payload: Record<string, unknown> = {};
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const setIfChanged = (field: string, next: unknown, previous: unknown) => {
    if (next !== previous) payload[field] = next;
  };

  setIfChanged('name', text('name').trim(), current.name);
  setIfChanged('displayName', text('displayName').trim(), current.displayName);
  setIfChanged('description', text('description').trim(), current.description);
  if (current.kind !== 'builtin') {
    setIfChanged('endpointUrl', text('endpointUrl').trim(), current.endpointUrl);
  }
  for (const field of INTEGER_FIELDS) {
    const value = text(field).trim();
    if (/^-?\d{1,9}$/.test(value)) setIfChanged(field, Number(value), current[field]);
    else fieldErrors[field] = 'Enter a whole number.';
  }
  const currentPrices = {
    priceInputPerMTokMicros: current.priceInputPerMTok,
    priceOutputPerMTokMicros: current.priceOutputPerMTok,
    pricePerCallMicros: current.pricePerCall,
  };
  for (const [input, field] of Object.entries(PRICE_FIELDS)) {
    const value = text(input).trim().replace(/^\$/, '').replaceAll(',', '');
    const micros = value ? parseUsd(value) : 0n;
    if (micros === null) {
      fieldErrors[field] = 'Enter a dollar amount such as 0.50 (at most 6 decimals).';
    } else if (micros !== currentPrices[field]) {
      // Number() is exact here: the schema caps prices at 1e15 micro-dollars, below 2^53.
      payload[field] = Number(micros);
    }
  }
  setIfChanged('autoRecover', form.get('autoRecover') === 'on', current.autoRecover);
  if (form.has(PRICE_REF_FIELD)) {
    // "provider/model" from the price table select ('' = the agent's own prices); the pair travels together.
    const ref = text(PRICE_REF_FIELD);
    const cut = ref.indexOf('/');
    const next = cut > 0 ? [ref.slice(0, cut), ref.slice(cut + 1)] : [null, null];
    if (next[0] !== (current.priceProvider ?? null) || next[1] !== (current.priceModel ?? null)) {
      payload.priceProvider = next[0];
      payload.priceModel = next[1];
    }
  }

  if (current.kind !== 'builtin') {
    if (form.get(REMOVE_SECRET_FIELD) === 'on') payload.secret = null;
    else if (text('secret').trim()) payload.secret = text('secret').trim();
  }

  const config = configFromForm(form, current);
  if (config && !sameJson(config, current.config ?? {})) payload.config = config;

  if (KINDS_WITH_CAPABILITY_EDITOR.includes(current.kind)) {
    const capabilities = capabilityRowIndexes(form).map((index, position) => {
      const field = (name: string) => text(`capabilities.${index}.${name}`);
      if (!field('name').trim()) {
        fieldErrors[`capabilities.${position}.name`] =
          'Enter a capability name, or remove this row.';
      }
      const name = field('name').trim();
      const inputTypes = splitList(field('inputTypes'));
      const outputTypes = splitList(field('outputTypes'));
      return {
        name,
        description: field('description').trim(),
        tags: splitList(field('tags')),
        inputTypes: inputTypes.length ? inputTypes : DEFAULT_MEDIA_TYPES,
        outputTypes: outputTypes.length ? outputTypes : DEFAULT_MEDIA_TYPES,
        // Examples are not on the form: a capability keeps its own.
        examples: [...(current.capabilities.find((c) => c.name === name)?.examples ?? [])],
      };
    });
    if (capabilities.length === 0) {
      fieldErrors.capabilities =
        'Add at least one capability, so Baton knows what to route to this agent.';
    }
    if (!sameJson(sortByName(capabilities), sortByName(current.capabilities))) {
      payload.capabilities = capabilities;
    }
  }
  return { payload, fieldErrors };
}

/** The kind's config with the form's fields applied over the stored one; null when not editable. */
function configFromForm(form: FormData, current: EditableAgent): Record<string, unknown> | null {
  const stored =
    current.config && typeof current.config === 'object' && !Array.isArray(current.config)
      ? (current.config as Record<string, unknown>)
      : {};
  const next: Record<string, unknown> = { ...stored };
  const put = (key: string, value: unknown) => {
    if (value === undefined || value === '') delete next[key];
    else next[key] = value;
  };
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  switch (current.kind) {
    case 'a2a':
      put('canary', form.get('config.canary') === 'on' ? true : undefined);
      return next;
    case 'openai':
      next.model = text('config.model').trim();
      put('systemPrompt', text('config.systemPrompt').trim());
      put('probe', text('config.probe').trim());
      return next;
    case 'webhook':
      put('healthUrl', text('config.healthUrl').trim());
      return next;
    case 'mcp':
      // Only the URL, secret and headers (kept as stored) configure an MCP server.
      return next;
    case 'builtin':
      // Which builtin an agent runs fixes its capabilities: register a new agent to change it.
      return null;
  }
}

function sortByName<T extends { name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

/** Structural equality of JSON-like values, ignoring key order. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Micro-dollars as the text of a dollar input: "0.0005", "1234.50" (no sign or separators). */
export function usdInputValue(micros: bigint): string {
  return formatUsd(micros).replace(/^\$/, '').replaceAll(',', '');
}
