/**
 * The register form's contract: input names, and the conversion from its FormData to the JSON
 * payload RegisterAgentSchema validates (the same schema as POST /api/v1/agents). Field errors are
 * keyed by payload path (`config.model`, `capabilities.0.name`, `priceInputPerMTokMicros`), so the
 * form shows each one next to the input it came from. Pure: no server APIs.
 */
import { AGENT_KINDS, parseUsd, type AgentKind } from '@/lib/engine';
import { fieldErrorsFrom } from '@/lib/errors';
import { RegisterAgentSchema, type RegisterAgentPayload } from '@/lib/schemas/agents';

/** Dollar inputs (form name) and the micro-dollar payload field each one fills. */
export const PRICE_FIELDS = {
  priceInputPerMTok: 'priceInputPerMTokMicros',
  priceOutputPerMTok: 'priceOutputPerMTokMicros',
  pricePerCall: 'pricePerCallMicros',
} as const;

const INTEGER_FIELDS = ['maxConcurrentTasks', 'weight', 'healthCheckIntervalS'] as const;

/** Input name of the "Model price" select: `provider/model` of a price-table row, or '' for none. */
export const PRICE_REF_FIELD = 'priceModel';

/** Kinds that bring no capabilities of their own (A2A reads them from the card, builtins know). */
export const KINDS_WITH_CAPABILITY_EDITOR: readonly AgentKind[] = ['openai', 'webhook'];

export type RegisterFormValidation =
  { ok: true; payload: RegisterAgentPayload } | { ok: false; fieldErrors: Record<string, string> };

/** Converts and validates the form; every problem found is reported at once. */
export function validateRegisterForm(form: FormData): RegisterFormValidation {
  const { payload, fieldErrors } = registerPayloadFromForm(form);
  const parsed = RegisterAgentSchema.safeParse(payload);
  const schemaErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues);
  // Conversion errors win: "Enter a dollar amount" says more than the schema's "expected number".
  const errors = { ...schemaErrors, ...fieldErrors };
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, payload: parsed.data };
  return { ok: false, fieldErrors: errors };
}

/**
 * Builds the JSON payload from the form. Blank optional inputs are left out so the schema's
 * defaults apply; dollars become integer micro-dollars through parseUsd (never a float).
 */
export function registerPayloadFromForm(form: FormData): {
  payload: Record<string, unknown>;
  fieldErrors: Record<string, string>;
} {
  const fieldErrors: Record<string, string> = {};
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const optional = (name: string) => text(name).trim() || undefined;

  const kind = text('kind') as AgentKind;
  const payload: Record<string, unknown> = {
    kind: (AGENT_KINDS as readonly string[]).includes(kind) ? kind : undefined,
    name: text('name'),
    displayName: optional('displayName'),
    description: optional('description'),
    autoRecover: form.get('autoRecover') === 'on',
  };

  for (const field of INTEGER_FIELDS) {
    const value = text(field).trim();
    if (!value) continue;
    if (/^-?\d{1,9}$/.test(value)) payload[field] = Number(value);
    else fieldErrors[field] = 'Enter a whole number.';
  }
  for (const [input, field] of Object.entries(PRICE_FIELDS)) {
    const value = text(input).trim().replace(/^\$/, '');
    if (!value) continue;
    const micros = parseUsd(value);
    if (micros === null) {
      fieldErrors[field] = 'Enter a dollar amount such as 0.50 (at most 6 decimals).';
    } else {
      // Number() is exact here: the schema caps prices at 1e15 micro-dollars, below 2^53.
      payload[field] = Number(micros);
    }
  }

  // "provider/model" from the price table select; '' (none) leaves the agent on its own prices.
  const ref = text(PRICE_REF_FIELD);
  const cut = ref.indexOf('/');
  if (cut > 0) {
    payload.priceProvider = ref.slice(0, cut);
    payload.priceModel = ref.slice(cut + 1);
  }

  switch (kind) {
    case 'a2a':
      payload.endpointUrl = text('endpointUrl');
      payload.config = { ...(form.get('config.canary') === 'on' && { canary: true }) };
      payload.secret = optional('secret');
      break;
    case 'openai':
      payload.endpointUrl = text('endpointUrl');
      payload.config = {
        model: text('config.model'),
        systemPrompt: optional('config.systemPrompt'),
        probe: optional('config.probe'),
      };
      payload.secret = optional('secret');
      break;
    case 'webhook':
      payload.endpointUrl = text('endpointUrl');
      payload.config = { healthUrl: optional('config.healthUrl') };
      payload.secret = optional('secret');
      break;
    case 'mcp':
      payload.endpointUrl = text('endpointUrl');
      payload.config = {};
      payload.secret = optional('secret');
      break;
    case 'builtin':
      payload.config = { builtin: text('config.builtin') };
      break;
    default:
      // An unknown kind: the schema names the problem at `kind`.
      break;
  }

  if (KINDS_WITH_CAPABILITY_EDITOR.includes(kind)) {
    payload.capabilities = capabilityRowIndexes(form).map((index, position) => {
      const field = (name: string) => text(`capabilities.${index}.${name}`);
      if (!field('name').trim()) {
        fieldErrors[`capabilities.${position}.name`] =
          'Enter a capability name, or remove this row.';
      }
      return {
        name: field('name'),
        description: field('description').trim(),
        tags: splitList(field('tags')),
        ...listOrDefault('inputTypes', splitList(field('inputTypes'))),
        ...listOrDefault('outputTypes', splitList(field('outputTypes'))),
      };
    });
  }
  return { payload, fieldErrors };
}

/**
 * Row numbers of the capability editor, in order. The editor numbers its rows 0..n-1, but errors
 * are keyed by position in the payload (as zod's are) so a gap in the numbers cannot misplace them.
 */
export function capabilityRowIndexes(form: FormData): number[] {
  const indexes = new Set<number>();
  for (const key of form.keys()) {
    const match = /^capabilities\.(\d+)\./.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** "a, b,,c " → ["a", "b", "c"]. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function listOrDefault(key: string, list: string[]): Record<string, string[]> {
  // Left out when blank, so the schema's default (text/plain) applies.
  return list.length ? { [key]: list } : {};
}

/**
 * The field-error key an input's errors are reported under: prices are converted to
 * micro-dollar fields, and capability rows are keyed by position, not by the row's number.
 */
export function errorKeyForInput(inputName: string, form: FormData): string {
  if (inputName in PRICE_FIELDS) return PRICE_FIELDS[inputName as keyof typeof PRICE_FIELDS];
  const row = /^capabilities\.(\d+)\.(.+)$/.exec(inputName);
  if (row) {
    const position = capabilityRowIndexes(form).indexOf(Number(row[1]));
    return `capabilities.${position}.${row[2]}`;
  }
  return inputName;
}

/**
 * An agent name from a card's or server's display name ("Invoice Parser v2" → "invoice-parser-v2"),
 * or '' when nothing usable is left (the operator then types one).
 */
export function agentNameFrom(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : '';
}
