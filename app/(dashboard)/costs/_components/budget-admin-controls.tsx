'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, FormField, SelectField } from '@/components/ui/form-field';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { deleteBudgetAction } from '@/lib/actions/costs/delete-budget';
import { updateBudgetAction } from '@/lib/actions/costs/update-budget';

const MODES = [
  { value: 'stop', label: 'Stop: cancel the rest, fail the request' },
  { value: 'pause', label: 'Pause: wait for approval' },
  { value: 'warn', label: 'Warn: record an event, keep going' },
];

export interface EditableBudget {
  id: string;
  name: string;
  /** Dollars as typed ("12.5"), from integer micros. */
  limitText: string;
  mode: string;
  thresholds: number[];
}

/** Edit and delete for one budget. Rendered for admins only; the actions check the role again. */
export function BudgetAdminControls({ budget }: { budget: EditableBudget }) {
  const [isEditing, setIsEditing] = useState(false);
  const [isConfirming, setIsConfirming] = useState(false);
  const [state, action, isPending] = useActionState(updateBudgetAction, null);
  const [deleteState, deleteAction, isDeleting] = useActionState(deleteBudgetAction, null);
  const failure = state && !state.ok ? state : null;
  const prefix = `budget-${budget.id}`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          onClick={() => setIsEditing((v) => !v)}
          aria-expanded={isEditing}
        >
          {isEditing ? 'Close editor' : `Edit ${budget.name}`}
        </Button>
        {isConfirming ? (
          <form action={deleteAction} className="flex items-center gap-2">
            <input type="hidden" name="id" value={budget.id} />
            <Button type="submit" disabled={isDeleting}>
              {isDeleting ? 'Deleting…' : `Confirm delete ${budget.name}`}
            </Button>
            <Button variant="secondary" onClick={() => setIsConfirming(false)}>
              Keep it
            </Button>
          </form>
        ) : (
          <Button variant="secondary" onClick={() => setIsConfirming(true)}>
            Delete {budget.name}
          </Button>
        )}
      </div>
      <FormAlert message={deleteState && !deleteState.ok ? deleteState.message : null} />
      {isEditing ? (
        <form
          action={action}
          onSubmit={submitWithoutReset(action)}
          noValidate
          aria-label={`Edit budget ${budget.name}`}
          className="space-y-3"
        >
          <input type="hidden" name="id" value={budget.id} />
          <FormAlert message={failure && !failure.fieldErrors ? failure.message : null} />
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField
              label="Name"
              name="name"
              id={`${prefix}-name`}
              defaultValue={budget.name}
              autoComplete="off"
              error={failure?.fieldErrors?.name}
            />
            <FormField
              label="Limit (USD)"
              name="limit"
              id={`${prefix}-limit`}
              inputMode="decimal"
              defaultValue={budget.limitText}
              error={failure?.fieldErrors?.limit}
            />
            <SelectField
              label="When reached"
              name="mode"
              id={`${prefix}-mode`}
              options={MODES}
              defaultValue={budget.mode}
              error={failure?.fieldErrors?.mode}
            />
            <FormField
              label="Thresholds (%)"
              name="thresholds"
              id={`${prefix}-thresholds`}
              defaultValue={budget.thresholds.join(', ')}
              hint="Events fire once per period at each, e.g. 50, 80, 100."
              error={failure?.fieldErrors?.thresholds}
            />
          </div>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={isPending}>
              {isPending ? 'Saving…' : 'Save budget'}
            </Button>
            <p role="status" className="text-sm text-ink empty:hidden">
              {state?.ok ? `Saved the budget “${state.data.name}”.` : null}
            </p>
          </div>
        </form>
      ) : null}
    </div>
  );
}
