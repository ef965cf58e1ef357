'use server';

import { revalidatePath } from 'next/cache';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';
import { updateUserRole } from '@/lib/db/repositories/users';
import { UpdateUserRoleSchema } from '@/lib/schemas/auth';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';
import type { Notice } from './notice';

/** Changes a user's role (admin). The self-change and last-admin rules live in updateUserRole. */
export async function updateUserRoleAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const input = UpdateUserRoleSchema.parse({
      userId: formData.get('userId'),
      role: formData.get('role'),
    });
    const viewer = await requireActionRole('admin');
    const db = getDb();
    const { user, changed, previousRole } = await updateUserRole(db, {
      ...input,
      actorUserId: viewerUserId(viewer),
    });
    const label = ROLE_LABELS[user.role];
    if (!changed) return ok({ message: `${user.email} already has the ${label} role.` });
    await recordAudit(db, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
      action: 'user.role_changed',
      targetType: 'user',
      targetId: user.id,
      metadata: { email: user.email, from: previousRole, to: user.role },
      ipAddress: await getClientIp(),
    });
    revalidatePath('/settings/users');
    return ok({ message: `${user.email} is now ${label}.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateUserRole');
  }
}
