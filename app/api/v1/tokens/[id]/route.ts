import { z } from 'zod';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { revokeApiToken } from '@/lib/db/repositories/api-tokens';
import { recordAudit } from '@/lib/db/repositories/audit';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

const ParamsSchema = z.object({ id: z.uuid('The token id must be a UUID.') });

/** DELETE /api/v1/tokens/{id} — revokes a token (it stops working at once). Admin. */
export const DELETE = apiRoute<{ id: string }>(
  '/api/v1/tokens/[id]',
  'DELETE',
  async ({ params, viewer }) => {
    const { id } = ParamsSchema.parse(params);
    const db = getDb();
    if (!(await revokeApiToken(db, id))) {
      throw new AppError('NOT_FOUND', 'No active API token has this id.');
    }
    await recordAudit(db, {
      actor: viewer!.actor,
      userId: viewerUserId(viewer!),
      action: 'token.revoked',
      targetType: 'api_token',
      targetId: id,
    });
    return Response.json({ data: { id, revoked: true } });
  },
);
