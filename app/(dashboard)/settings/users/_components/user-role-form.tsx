'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { updateUserRoleAction } from '@/lib/actions/settings/update-user-role';
import type { UserRole } from '@/lib/auth/roles';
import { FormStatus } from '../../_components/form-status';
import { ROLE_OPTIONS } from '../../_components/role-options';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';

/** One row's role: pick another and save. */
export function UserRoleForm({
  userId,
  email,
  role,
}: {
  userId: string;
  email: string;
  role: UserRole;
}) {
  const [state, action, isPending] = useActionState(updateUserRoleAction, null);
  const [selected, setSelected] = useState<UserRole>(role);
  const selectId = `role-${userId}`;
  return (
    <form action={action} onSubmit={submitWithoutReset(action)} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <div className="flex items-center gap-2">
        <label htmlFor={selectId} className="sr-only">
          Role for {email}
        </label>
        <select
          id={selectId}
          name="role"
          value={selected}
          onChange={(event) => setSelected(event.target.value as UserRole)}
          className="rounded-md border border-line bg-surface px-2 py-1.5 text-sm text-ink shadow-xs focus-visible:outline-accent-500"
        >
          {ROLE_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={isPending}>
          Save role
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
