'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, FormField } from '@/components/ui/form-field';
import { createApiTokenAction } from '@/lib/actions/settings/create-api-token';
import { ROLE_DESCRIPTIONS, type UserRole } from '@/lib/auth/roles';
import { ROLE_OPTIONS } from '../../_components/role-options';
import { SelectField } from '@/components/ui/form-field';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { NewTokenNotice } from './new-token-notice';

export function CreateTokenForm() {
  // Kept after a failed attempt (see submitWithoutReset), cleared once the token exists.
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [expiresAt, setExpiresAt] = useState('');
  const [state, action, isPending] = useActionState<
    Awaited<ReturnType<typeof createApiTokenAction>>,
    FormData
  >(async (previous, formData) => {
    const result = await createApiTokenAction(previous, formData);
    if (result?.ok) {
      setName('');
      setRole('viewer');
      setExpiresAt('');
    }
    return result;
  }, null);
  // The id of a created token the admin has dismissed; its value then leaves the page for good.
  const [dismissedId, setDismissedId] = useState<string | null>(null);
  const failure = state && !state.ok ? state : null;
  const created = state?.ok && state.data.id !== dismissedId ? state.data : null;

  return (
    <div className="space-y-4 px-5 py-4">
      {created ? (
        <NewTokenNotice token={created} onDone={() => setDismissedId(created.id)} />
      ) : null}
      <form action={action} onSubmit={submitWithoutReset(action)} noValidate className="space-y-4">
        <FormAlert message={failure && !failure.fieldErrors ? failure.message : null} />
        <div className="grid gap-4 sm:grid-cols-3">
          <FormField
            label="Token name"
            name="name"
            id="new-token-name"
            autoComplete="off"
            required
            placeholder="CI pipeline"
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={failure?.fieldErrors?.name}
          />
          <SelectField
            label="Role"
            name="role"
            id="new-token-role"
            options={ROLE_OPTIONS}
            value={role}
            onChange={(event) => setRole(event.target.value as UserRole)}
            hint={ROLE_DESCRIPTIONS[role]}
            error={failure?.fieldErrors?.role}
          />
          <FormField
            label="Expires (optional)"
            name="expiresAt"
            id="new-token-expires"
            type="date"
            value={expiresAt}
            onChange={(event) => setExpiresAt(event.target.value)}
            hint="At the end of that day, UTC. Empty: never."
            error={failure?.fieldErrors?.expiresAt}
          />
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" disabled={isPending}>
            {isPending ? 'Creating…' : 'Create token'}
          </Button>
          {/* The announcement; the value itself is in the box above, never in a live region. */}
          <p role="status" className="text-sm text-ink empty:hidden">
            {state?.ok ? `Created the token “${state.data.name}”.` : null}
          </p>
        </div>
      </form>
    </div>
  );
}
