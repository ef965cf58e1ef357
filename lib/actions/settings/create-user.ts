'use server';

import { ROLE_LABELS } from '@/lib/auth/roles';
import { getAuth } from '@/lib/auth/server';
import { createUserWithPassword } from '@/lib/auth/users';
import { CreateUserSchema } from '@/lib/schemas/auth';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from './notice';

/** Adds a user with an initial password (admin). The password is never audited or logged. */
export async function createUserAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'createUser',
    role: 'admin',
    parse: () =>
      CreateUserSchema.parse({
        email: formData.get('email'),
        name: formData.get('name'),
        role: formData.get('role'),
        password: formData.get('password'),
      }),
    call: (input, { db }) => createUserWithPassword(getAuth(), db, input),
    audit: (user) => ({
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      metadata: { email: user.email, role: user.role },
    }),
    revalidate: ['/settings/users'],
    result: (user) => ({ message: `Added ${user.email} as ${ROLE_LABELS[user.role]}.` }),
  });
}
