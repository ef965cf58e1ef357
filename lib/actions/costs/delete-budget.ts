'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { deleteBudget } from '@/lib/server/budget/budgets';
import { actionError, ok, rethrowNavigation, type FormState, requireForm } from '../result';

const IdSchema = z.uuid('The budget id must be a UUID.');

/** Deletes a budget from the Costs page (admin); audited by lib/server/budget/budgets.ts. */
export async function deleteBudgetAction(
  _previous: FormState<{ id: string }>,
  formData: FormData,
): Promise<FormState<{ id: string }>> {
  try {
    requireForm(formData);
    const id = IdSchema.parse(formData.get('id'));
    const viewer = await requireActionRole('admin');
    await deleteBudget(getDb(), id, { actor: viewer.actor, userId: viewerUserId(viewer) });
    revalidatePath('/costs');
    return ok({ id });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'deleteBudget');
  }
}
