'use client';

import { FormField, SelectField } from '@/components/ui/form-field';
import { useKeptForm } from '@/components/forms/use-kept-form';
import { createUserAction } from '@/lib/actions/settings/create-user';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { ROLE_DESCRIPTIONS, type UserRole } from '@/lib/auth/roles';
import { AddFormActions } from '../../_components/add-form-actions';
import { ROLE_OPTIONS } from '../../_components/role-options';

export function AddUserForm() {
  const { values, bind, state, isPending, fieldErrors, formProps } = useKeptForm(
    createUserAction,
    { email: '', name: '', role: 'viewer' satisfies UserRole as string, password: '' },
    { clearOnSuccess: ['email', 'name', 'role', 'password'] },
  );

  return (
    <form {...formProps} className="space-y-4 px-5 py-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Email"
          id="new-user-email"
          type="email"
          autoComplete="off"
          required
          {...bind('email')}
          error={fieldErrors?.email}
        />
        <FormField
          label="Name"
          id="new-user-name"
          autoComplete="off"
          required
          {...bind('name')}
          error={fieldErrors?.name}
        />
        <SelectField
          label="Role"
          id="new-user-role"
          options={ROLE_OPTIONS}
          {...bind('role')}
          hint={ROLE_DESCRIPTIONS[values.role as UserRole]}
          error={fieldErrors?.role}
        />
        <FormField
          label="Initial password"
          id="new-user-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          {...bind('password')}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={fieldErrors?.password}
        />
      </div>
      <AddFormActions label="Add user" isPending={isPending} state={state} />
    </form>
  );
}
