'use server';

import { revalidatePath } from 'next/cache';
import { requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { parseUsd } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import { CreateBudgetSchema } from '@/lib/schemas/budgets';
import { createBudget } from '@/lib/server/budget/budgets';
import { actionError, ok, rethrowNavigation, type FormState, requireForm } from '../result';

/** Creates a budget from the Costs page (admin). The limit is typed in dollars. */
export async function createBudgetAction(
  _previous: FormState<{ name: string }>,
  formData: FormData,
): Promise<FormState<{ name: string }>> {
  try {
    requireForm(formData);
    const limitText = String(formData.get('limit') ?? '');
    const micros = parseUsd(limitText);
    if (micros === null) {
      const message = 'Enter the limit in dollars, e.g. 25 or 0.50 (at most 6 decimals).';
      throw new AppError('VALIDATION_FAILED', message, { fields: { limit: message } });
    }
    const scope = String(formData.get('scope') ?? '');
    const target = String(formData.get('target') ?? '').trim();
    const parsed = CreateBudgetSchema.safeParse({
      name: formData.get('name'),
      scope,
      scopeId: scope === 'agent' || scope === 'request' ? target || undefined : undefined,
      capability: scope === 'capability' ? target || undefined : undefined,
      limitMicros: Number(micros),
      period: formData.get('period'),
      mode: formData.get('mode'),
    });
    if (!parsed.success) {
      // The form has one "applies to" box and the limit in dollars: name those fields.
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const field =
          key === 'scopeId' || key === 'capability'
            ? 'target'
            : key === 'limitMicros'
              ? 'limit'
              : key;
        fields[field] ??= issue.message;
      }
      throw new AppError('VALIDATION_FAILED', 'Some fields are invalid.', { fields });
    }
    const viewer = await requireActionRole('admin');
    const created = await createBudget(getDb(), parsed.data, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
    });
    revalidatePath('/costs');
    return ok({ name: created.name });
  } catch (error) {
    rethrowNavigation(error);
    if (error instanceof AppError && error.fields) {
      const fields = Object.fromEntries(
        Object.entries(error.fields).map(([k, v]) => [
          k === 'scopeId' || k === 'capability' ? 'target' : k,
          v,
        ]),
      );
      return { ok: false, code: error.code, message: error.message, fieldErrors: fields };
    }
    return actionError(error, 'createBudget');
  }
}
