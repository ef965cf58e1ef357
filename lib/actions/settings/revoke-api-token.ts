'use server';

import { revalidatePath } from 'next/cache';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { revokeApiToken } from '@/lib/db/repositories/api-tokens';
import { recordAudit } from '@/lib/db/repositories/audit';
import { AppError } from '@/lib/errors';
import { RevokeApiTokenSchema } from '@/lib/schemas/settings';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';
import type { Notice } from './notice';

/** Revokes an API token (admin); it stops working on its next request. */
export async function revokeApiTokenAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const { tokenId } = RevokeApiTokenSchema.parse({ tokenId: formData.get('tokenId') });
    const viewer = await requireActionRole('admin');
    const db = getDb();
    // The name is read first only so the audit entry and the message can say which token it was.
    const token = await db.apiToken.findUnique({ where: { id: tokenId }, select: { name: true } });
    if (!token) throw new AppError('NOT_FOUND', 'This token no longer exists.');
    if (!(await revokeApiToken(db, tokenId))) {
      throw new AppError('CONFLICT', `The token “${token.name}” is already revoked.`);
    }
    await recordAudit(db, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
      action: 'token.revoked',
      targetType: 'api_token',
      targetId: tokenId,
      metadata: { name: token.name },
      ipAddress: await getClientIp(),
    });
    revalidatePath('/settings/tokens');
    return ok({ message: `Revoked the token “${token.name}”.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'revokeApiToken');
  }
}
