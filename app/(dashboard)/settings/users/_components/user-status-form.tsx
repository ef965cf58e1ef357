'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { setUserDisabledAction } from '@/lib/actions/settings/set-user-disabled';
import { FormStatus } from '../../_components/form-status';

/** Disable (which also signs the user out everywhere) or enable one user. */
export function UserStatusForm({
  userId,
  email,
  isDisabled,
}: {
  userId: string;
  email: string;
  isDisabled: boolean;
}) {
  const [state, action, isPending] = useActionState(setUserDisabledAction, null);
  const label = isDisabled ? 'Enable' : 'Disable';
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={String(!isDisabled)} />
      <Button
        type="submit"
        variant="secondary"
        className="px-3 py-1.5"
        disabled={isPending}
        title={`${label} ${email}`}
      >
        {label}
      </Button>
      <FormStatus state={state} />
    </form>
  );
}
