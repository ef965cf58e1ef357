'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, FormField } from '@/components/ui/form-field';
import { setupAdminAction } from '@/lib/actions/auth/setup-admin';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/constants';

export function SetupForm() {
  const [state, action, isPending] = useActionState(setupAdminAction, null);
  const failure = state && !state.ok ? state : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <FormAlert message={failure && !failure.fieldErrors ? failure.message : null} />
      <FormField label="Name" name="name" autoComplete="name" required error={errors.name} />
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={errors.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.password}
      />
      <FormField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? 'Creating…' : 'Create admin account'}
      </Button>
    </form>
  );
}
