'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert, FormField } from '@/components/ui/form-field';
import { signInAction } from '@/lib/actions/auth/sign-in';

export function SignInForm({ next }: { next: string }) {
  const [state, action, isPending] = useActionState(signInAction, null);
  const failure = state && !state.ok ? state : null;
  // Kept across failed attempts (React resets uncontrolled fields after an action).
  const [email, setEmail] = useState('');
  return (
    <form action={action} className="mt-6 space-y-4" noValidate>
      <FormAlert message={failure && !failure.fieldErrors ? failure.message : null} />
      <input type="hidden" name="next" value={next} />
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={failure?.fieldErrors?.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={failure?.fieldErrors?.password}
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
