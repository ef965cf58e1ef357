/**
 * The Settings → Pricing forms' contract: prices are typed in dollars per 1M tokens and the
 * effective date as a UTC day, then checked by the same schemas as POST /api/v1/prices and
 * PATCH /api/v1/prices/{id}. Field errors are keyed by payload field (`inputPerMTokMicros`,
 * `effectiveFrom`, …), as the REST route reports them. Pure: no server APIs.
 */
import type { z } from 'zod';
import { parseUsd } from '@/lib/engine';
import { fieldErrorsFrom } from '@/lib/errors';
import {
  CreatePriceSchema,
  UpdatePriceSchema,
  type CreatePriceInput,
  type UpdatePriceInput,
} from '@/lib/schemas/prices';

/** Dollar inputs (form name) and the micro-dollar payload field each one fills. */
export const PRICE_INPUTS = {
  inputPerMTok: 'inputPerMTokMicros',
  outputPerMTok: 'outputPerMTokMicros',
} as const;

const DOLLARS_MESSAGE = 'Enter a dollar amount such as 0.15 (at most 6 decimals).';
const DAY_MESSAGE = 'Enter the day the price takes effect (YYYY-MM-DD, UTC).';

/**
 * "3", "$0.15", "-2" → micro-dollars, through parseUsd (never a float). A minus sign is kept
 * rather than refused here so the schema's own "Prices cannot be negative." names the problem.
 * Null for anything that is not a dollar amount (junk, exponents, more than 6 decimals).
 */
export function parseDollarsToMicros(text: string): bigint | null {
  let rest = text.trim();
  const isNegative = rest.startsWith('-');
  if (isNegative) rest = rest.slice(1);
  rest = rest.replace(/^\$/, '');
  const micros = parseUsd(rest);
  if (micros === null) return null;
  return isNegative ? -micros : micros;
}

/** "2026-12-01" → "2026-12-01T00:00:00.000Z" (the start of that UTC day); null if no such day. */
export function effectiveDayToIso(text: string): string | null {
  const day = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T00:00:00.000Z`);
  // Date rolls 2026-02-31 over to March: only a day that survives the round trip exists.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  return date.toISOString();
}

export type PriceFormValidation<T> =
  { ok: true; input: T } | { ok: false; fieldErrors: Record<string, string> };

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The dollar inputs as micro-dollar numbers, with a conversion error for each unreadable one. */
function pricesFromForm(form: FormData): {
  payload: Record<string, number | undefined>;
  fieldErrors: Record<string, string>;
} {
  const payload: Record<string, number | undefined> = {};
  const fieldErrors: Record<string, string> = {};
  for (const [input, field] of Object.entries(PRICE_INPUTS)) {
    const micros = parseDollarsToMicros(text(form, input));
    if (micros === null) fieldErrors[field] = DOLLARS_MESSAGE;
    // Number() is exact up to 2^53; anything above the schema's 1e15 cap is refused by it anyway.
    else payload[field] = Number(micros);
  }
  return { payload, fieldErrors };
}

function finish<T>(
  parsed: z.ZodSafeParseResult<T>,
  conversionErrors: Record<string, string>,
): PriceFormValidation<T> {
  const schemaErrors = parsed.success ? {} : fieldErrorsFrom(parsed.error.issues);
  // Conversion errors win: "Enter a dollar amount" says more than the schema's "expected number".
  const fieldErrors = { ...schemaErrors, ...conversionErrors };
  if (parsed.success && Object.keys(fieldErrors).length === 0) {
    return { ok: true, input: parsed.data };
  }
  return { ok: false, fieldErrors };
}

/** The "Add price" form: provider, model, two dollar prices, the effective day. */
export function validateCreatePriceForm(form: FormData): PriceFormValidation<CreatePriceInput> {
  const { payload, fieldErrors } = pricesFromForm(form);
  const effectiveFrom = effectiveDayToIso(text(form, 'effectiveFrom'));
  if (effectiveFrom === null) fieldErrors.effectiveFrom = DAY_MESSAGE;
  const parsed = CreatePriceSchema.safeParse({
    provider: text(form, 'provider'),
    model: text(form, 'model'),
    ...payload,
    effectiveFrom: effectiveFrom ?? undefined,
  });
  return finish(parsed, fieldErrors);
}

/** A row's "Edit" form: its two dollar prices (provider, model and date identify the row). */
export function validateUpdatePriceForm(form: FormData): PriceFormValidation<UpdatePriceInput> {
  const { payload, fieldErrors } = pricesFromForm(form);
  return finish(UpdatePriceSchema.safeParse(payload), fieldErrors);
}
