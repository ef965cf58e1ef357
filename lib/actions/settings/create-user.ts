'use server';

import { revalidatePath } from 'next/cache';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { getAuth } from '@/lib/auth/server';
import { createUserWithPassword } from '@/lib/auth/users';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';
import { CreateUserSchema } from '@/lib/schemas/auth';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';
import type { Notice } from './notice';

/** Adds a user with an initial password (admin). The password is never audited or logged. */
export async function createUserAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const input = CreateUserSchema.parse({
      email: formData.get('email'),
      name: formData.get('name'),
      role: formData.get('role'),
      password: formData.get('password'),
    });
    const viewer = await requireActionRole('admin');
    const db = getDb();
    const user = await createUserWithPassword(getAuth(), db, input);
    await recordAudit(db, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      metadata: { email: user.email, role: user.role },
      ipAddress: await getClientIp(),
    });
    revalidatePath('/settings/users');
    return ok({ message: `Added ${user.email} as ${ROLE_LABELS[user.role]}.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'createUser');
  }
}
