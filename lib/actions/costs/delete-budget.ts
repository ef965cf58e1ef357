'use server';

import { viewerUserId } from '@/lib/auth/viewer';
import { deleteBudget } from '@/lib/server/budget/budgets';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import { parseBudgetIdForm } from './budget-form';

/** Deletes a budget from the Costs page (admin); audited by lib/server/budget/budgets.ts. */
export async function deleteBudgetAction(
  _previous: FormState<{ id: string }>,
  formData: FormData,
): Promise<FormState<{ id: string }>> {
  return runAction({
    name: 'deleteBudget',
    role: 'admin',
    form: formData,
    parse: () => parseBudgetIdForm(formData),
    call: async (id, { db, viewer }) => {
      await deleteBudget(db, id, { actor: viewer.actor, userId: viewerUserId(viewer) });
      return id;
    },
    revalidate: ['/costs'],
    result: (id) => ({ id }),
  });
}
