'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { parseUsd } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import { UpdateBudgetSchema } from '@/lib/schemas/budgets';
import { updateBudget } from '@/lib/server/budget/budgets';
import { actionError, ok, rethrowNavigation, type FormState, requireForm } from '../result';

const IdSchema = z.uuid('The budget id must be a UUID.');

/**
 * Edits a budget from the Costs page (admin): name, limit in dollars, mode and thresholds (typed as
 * "50, 80, 100"). Field errors use the form's names (`limit`, `thresholds`).
 */
export async function updateBudgetAction(
  _previous: FormState<{ name: string }>,
  formData: FormData,
): Promise<FormState<{ name: string }>> {
  try {
    requireForm(formData);
    const fields: Record<string, string> = {};
    const id = IdSchema.safeParse(formData.get('id'));
    if (!id.success) throw new AppError('VALIDATION_FAILED', 'The budget id must be a UUID.');
    const micros = parseUsd(String(formData.get('limit') ?? ''));
    if (micros === null) {
      fields.limit = 'Enter the limit in dollars, e.g. 25 or 0.50 (at most 6 decimals).';
    }
    const thresholdText = String(formData.get('thresholds') ?? '').trim();
    const thresholds = thresholdText
      ? thresholdText
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number)
      : undefined;
    const parsed = UpdateBudgetSchema.safeParse({
      name: formData.get('name'),
      limitMicros: micros === null ? undefined : Number(micros),
      mode: formData.get('mode'),
      thresholds,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        fields[key === 'limitMicros' ? 'limit' : key] ??= issue.message;
      }
    }
    if (Object.keys(fields).length > 0 || !parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'Some fields are invalid.', { fields });
    }
    const viewer = await requireActionRole('admin');
    const updated = await updateBudget(getDb(), id.data, parsed.data, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
    });
    revalidatePath('/costs');
    return ok({ name: updated.name });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateBudget');
  }
}
