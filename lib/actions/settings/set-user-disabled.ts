'use server';

import { revalidatePath } from 'next/cache';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';
import { setUserDisabled } from '@/lib/db/repositories/users';
import { SetUserDisabledSchema } from '@/lib/schemas/settings';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';
import type { Notice } from './notice';

/**
 * Disables a user (ending their sessions) or enables them again (admin). The self and last-admin
 * rules live in setUserDisabled.
 */
export async function setUserDisabledAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const input = SetUserDisabledSchema.parse({
      userId: formData.get('userId'),
      disabled: formData.get('disabled'),
    });
    const viewer = await requireActionRole('admin');
    const db = getDb();
    const { user, changed, sessionsEnded } = await setUserDisabled(db, {
      ...input,
      actorUserId: viewerUserId(viewer),
    });
    const state = input.disabled ? 'disabled' : 'enabled';
    if (!changed) return ok({ message: `${user.email} is already ${state}.` });
    await recordAudit(db, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
      action: input.disabled ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: user.id,
      metadata: input.disabled ? { email: user.email, sessionsEnded } : { email: user.email },
      ipAddress: await getClientIp(),
    });
    revalidatePath('/settings/users');
    return ok({
      message: input.disabled
        ? `Disabled ${user.email} and signed them out.`
        : `Enabled ${user.email}; they can sign in again.`,
    });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'setUserDisabled');
  }
}
