'use server';

import { viewerUserId } from '@/lib/auth/viewer';
import { createBudget } from '@/lib/server/budget/budgets';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import { BUDGET_FORM_FIELDS, parseCreateBudgetForm } from './budget-form';

/** Creates a budget from the Costs page (admin); audited by lib/server/budget/budgets.ts. */
export async function createBudgetAction(
  _previous: FormState<{ name: string }>,
  formData: FormData,
): Promise<FormState<{ name: string }>> {
  return runAction({
    name: 'createBudget',
    role: 'admin',
    form: formData,
    parse: () => parseCreateBudgetForm(formData),
    call: (input, { db, viewer }) =>
      createBudget(db, input, { actor: viewer.actor, userId: viewerUserId(viewer) }),
    revalidate: ['/costs'],
    result: (created) => ({ name: created.name }),
    fieldNames: BUDGET_FORM_FIELDS,
  });
}
