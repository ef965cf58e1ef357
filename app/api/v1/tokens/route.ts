import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { createApiToken, findApiTokens } from '@/lib/db/repositories/api-tokens';
import { recordAudit } from '@/lib/db/repositories/audit';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { PageQuerySchema } from '@/lib/schemas/common';
import { CreateApiTokenSchema } from '@/lib/schemas/auth';

export const dynamic = 'force-dynamic';

/** GET /api/v1/tokens?page=&pageSize= — API tokens (never their values). Admin. */
export const GET = apiRoute('/api/v1/tokens', 'GET', async ({ request }) => {
  const query = PageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await findApiTokens(getDb(), query);
  return Response.json(page);
});

/** POST /api/v1/tokens { name, role } — creates a token; its value is in this response only. Admin. */
export const POST = apiRoute('/api/v1/tokens', 'POST', async ({ request, viewer }) => {
  const input = CreateApiTokenSchema.parse(await readJson(request));
  const db = getDb();
  const created = await createApiToken(db, { ...input, createdById: viewerUserId(viewer!) });
  await recordAudit(db, {
    actor: viewer!.actor,
    userId: viewerUserId(viewer!),
    action: 'token.created',
    targetType: 'api_token',
    targetId: created.id,
    metadata: { name: created.name, role: created.role },
  });
  return Response.json(
    { data: created },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
});
