'use server';

import { viewerUserId } from '@/lib/auth/viewer';
import { setUserDisabled } from '@/lib/db/repositories/users';
import { SetUserDisabledSchema } from '@/lib/schemas/settings';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from './notice';

/**
 * Disables a user (ending their sessions) or enables them again (admin). The self and last-admin
 * rules live in setUserDisabled.
 */
export async function setUserDisabledAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'setUserDisabled',
    role: 'admin',
    parse: () =>
      SetUserDisabledSchema.parse({
        userId: formData.get('userId'),
        disabled: formData.get('disabled'),
      }),
    call: (input, { viewer, db }) =>
      setUserDisabled(db, { ...input, actorUserId: viewerUserId(viewer) }),
    audit: ({ user, changed, sessionsEnded }, { disabled }) =>
      changed
        ? {
            action: disabled ? 'user.disabled' : 'user.enabled',
            targetType: 'user',
            targetId: user.id,
            metadata: disabled ? { email: user.email, sessionsEnded } : { email: user.email },
          }
        : null,
    revalidate: ({ changed }) => (changed ? ['/settings/users'] : []),
    result: ({ user, changed }, { disabled }) => {
      if (!changed)
        return { message: `${user.email} is already ${disabled ? 'disabled' : 'enabled'}.` };
      return {
        message: disabled
          ? `Disabled ${user.email} and signed them out.`
          : `Enabled ${user.email}; they can sign in again.`,
      };
    },
  });
}
