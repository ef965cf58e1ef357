'use server';

import { viewerUserId } from '@/lib/auth/viewer';
import { updateBudget } from '@/lib/server/budget/budgets';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import { BUDGET_FORM_FIELDS, parseUpdateBudgetForm } from './budget-form';

/**
 * Edits a budget from the Costs page (admin): name, limit in dollars, mode and thresholds (typed as
 * "50, 80, 100"). Field errors use the form's names (`limit`, `thresholds`).
 */
export async function updateBudgetAction(
  _previous: FormState<{ name: string }>,
  formData: FormData,
): Promise<FormState<{ name: string }>> {
  return runAction({
    name: 'updateBudget',
    role: 'admin',
    form: formData,
    parse: () => parseUpdateBudgetForm(formData),
    call: ({ id, patch }, { db, viewer }) =>
      updateBudget(db, id, patch, { actor: viewer.actor, userId: viewerUserId(viewer) }),
    revalidate: ['/costs'],
    result: (updated) => ({ name: updated.name }),
    fieldNames: BUDGET_FORM_FIELDS,
  });
}
