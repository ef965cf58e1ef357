'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormField } from '@/components/ui/form-field';
import { createUserAction } from '@/lib/actions/settings/create-user';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { ROLE_DESCRIPTIONS, type UserRole } from '@/lib/auth/roles';
import { FormStatus } from '../../_components/form-status';
import { ROLE_OPTIONS } from '../../_components/role-options';
import { SelectField } from '@/components/ui/form-field';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';

export function AddUserForm() {
  // Kept after a failed attempt (see submitWithoutReset), cleared once the user exists.
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [password, setPassword] = useState('');
  const [state, action, isPending] = useActionState<
    Awaited<ReturnType<typeof createUserAction>>,
    FormData
  >(async (previous, formData) => {
    const result = await createUserAction(previous, formData);
    if (result?.ok) {
      setEmail('');
      setName('');
      setRole('viewer');
      setPassword('');
    }
    return result;
  }, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;

  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      className="space-y-4 px-5 py-4"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Email"
          name="email"
          id="new-user-email"
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldErrors?.email}
        />
        <FormField
          label="Name"
          name="name"
          id="new-user-name"
          autoComplete="off"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={fieldErrors?.name}
        />
        <SelectField
          label="Role"
          name="role"
          id="new-user-role"
          options={ROLE_OPTIONS}
          value={role}
          onChange={(event) => setRole(event.target.value as UserRole)}
          hint={ROLE_DESCRIPTIONS[role]}
          error={fieldErrors?.role}
        />
        <FormField
          label="Initial password"
          name="password"
          id="new-user-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={fieldErrors?.password}
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={isPending}>
          {isPending ? 'Adding…' : 'Add user'}
        </Button>
        <FormStatus state={fieldErrors ? null : state} />
      </div>
    </form>
  );
}
