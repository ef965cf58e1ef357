/**
 * The Costs page budget forms' contract: the limit is typed in dollars, the thresholds as
 * "50, 80, 100", and one "applies to" box (`target`) holds the agent or request id or the
 * capability. Checked by the same schemas as POST /api/v1/budgets and PATCH /api/v1/budgets/{id};
 * field errors are keyed by the form's names. Pure: no server APIs.
 */
import { z } from 'zod';
import { parseUsd } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import {
  CreateBudgetSchema,
  UpdateBudgetSchema,
  type CreateBudgetInput,
  type UpdateBudgetInput,
} from '@/lib/schemas/budgets';

/** Payload field → the form input that holds it (errors from the schema or the server). */
export const BUDGET_FORM_FIELDS: Readonly<Record<string, string>> = {
  scopeId: 'target',
  capability: 'target',
  limitMicros: 'limit',
};

const LIMIT_MESSAGE = 'Enter the limit in dollars, e.g. 25 or 0.50 (at most 6 decimals).';
const IdSchema = z.uuid('The budget id must be a UUID.');

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** An input the form did not send is undefined, so the schema's default applies. */
function optional(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

function formField(key: string): string {
  return BUDGET_FORM_FIELDS[key] ?? key;
}

function fail(fields: Record<string, string>): never {
  throw new AppError('VALIDATION_FAILED', 'Some fields are invalid.', { fields });
}

function collect(fields: Record<string, string>, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) fields[formField(String(issue.path[0] ?? ''))] ??= issue.message;
}

/** Reads the "new budget" form; throws VALIDATION_FAILED with the form's field names. */
export function parseCreateBudgetForm(form: FormData): CreateBudgetInput {
  const fields: Record<string, string> = {};
  const micros = parseUsd(text(form, 'limit'));
  if (micros === null) fields.limit = LIMIT_MESSAGE;
  const scope = text(form, 'scope');
  const target = text(form, 'target').trim();
  const parsed = CreateBudgetSchema.safeParse({
    name: optional(form, 'name'),
    scope,
    scopeId: scope === 'agent' || scope === 'request' ? target || undefined : undefined,
    capability: scope === 'capability' ? target || undefined : undefined,
    limitMicros: micros === null ? undefined : Number(micros),
    period: optional(form, 'period'),
    mode: optional(form, 'mode'),
  });
  if (!parsed.success) collect(fields, parsed.error.issues);
  if (!parsed.success || Object.keys(fields).length > 0) fail(fields);
  return parsed.data;
}

/** Reads the "edit budget" form (id, name, limit, mode, thresholds). */
export function parseUpdateBudgetForm(form: FormData): { id: string; patch: UpdateBudgetInput } {
  const fields: Record<string, string> = {};
  const id = IdSchema.safeParse(form.get('id'));
  if (!id.success) fields.id = 'The budget id must be a UUID.';
  const micros = parseUsd(text(form, 'limit'));
  if (micros === null) fields.limit = LIMIT_MESSAGE;
  const thresholdText = text(form, 'thresholds').trim();
  const thresholds = thresholdText
    ? thresholdText
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number)
    : undefined;
  const parsed = UpdateBudgetSchema.safeParse({
    name: optional(form, 'name'),
    limitMicros: micros === null ? undefined : Number(micros),
    mode: optional(form, 'mode'),
    thresholds,
  });
  if (!parsed.success) collect(fields, parsed.error.issues);
  if (!id.success || !parsed.success || Object.keys(fields).length > 0) fail(fields);
  return { id: id.data, patch: parsed.data };
}

/** Reads the "delete budget" form. */
export function parseBudgetIdForm(form: FormData): string {
  const id = IdSchema.safeParse(form.get('id'));
  if (!id.success) fail({ id: 'The budget id must be a UUID.' });
  return id.data;
}
