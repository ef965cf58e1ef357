'use server';

import { revalidatePath } from 'next/cache';
import type { UserRole } from '@/lib/engine';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { recordAudit } from '@/lib/db/repositories/audit';
import { CreateApiTokenSchema } from '@/lib/schemas/auth';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';

export interface NewApiToken {
  id: string;
  name: string;
  role: UserRole;
  /**
   * The token itself. This response is the only place it ever appears: the database keeps only
   * its hash, and it is neither audited nor logged.
   */
  token: string;
}

/** Creates an API token (admin) and hands its value back exactly once. */
export async function createApiTokenAction(
  _previous: FormState<NewApiToken>,
  formData: FormData,
): Promise<FormState<NewApiToken>> {
  try {
    const input = CreateApiTokenSchema.parse({
      name: formData.get('name'),
      role: formData.get('role'),
      expiresAt: formData.get('expiresAt') ?? undefined,
    });
    const viewer = await requireActionRole('admin');
    const db = getDb();
    const created = await createApiToken(db, { ...input, createdById: viewerUserId(viewer) });
    await recordAudit(db, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
      action: 'token.created',
      targetType: 'api_token',
      targetId: created.id,
      metadata: { name: created.name, role: created.role, expiresAt: created.expiresAt },
      ipAddress: await getClientIp(),
    });
    revalidatePath('/settings/tokens');
    return ok({ id: created.id, name: created.name, role: created.role, token: created.token });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'createApiToken');
  }
}
