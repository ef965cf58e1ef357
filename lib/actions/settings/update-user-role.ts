'use server';

import { ROLE_LABELS } from '@/lib/auth/roles';
import { viewerUserId } from '@/lib/auth/viewer';
import { updateUserRole } from '@/lib/db/repositories/users';
import { UpdateUserRoleSchema } from '@/lib/schemas/auth';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from './notice';

/** Changes a user's role (admin). The self-change and last-admin rules live in updateUserRole. */
export async function updateUserRoleAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'updateUserRole',
    role: 'admin',
    parse: () =>
      UpdateUserRoleSchema.parse({ userId: formData.get('userId'), role: formData.get('role') }),
    call: (input, { viewer, db }) =>
      updateUserRole(db, { ...input, actorUserId: viewerUserId(viewer) }),
    audit: ({ user, changed, previousRole }) =>
      changed
        ? {
            action: 'user.role_changed',
            targetType: 'user',
            targetId: user.id,
            metadata: { email: user.email, from: previousRole, to: user.role },
          }
        : null,
    revalidate: ({ changed }) => (changed ? ['/settings/users'] : []),
    result: ({ user, changed }) =>
      changed
        ? { message: `${user.email} is now ${ROLE_LABELS[user.role]}.` }
        : { message: `${user.email} already has the ${ROLE_LABELS[user.role]} role.` },
  });
}
