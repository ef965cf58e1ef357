import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { PageQuerySchema } from '@/lib/schemas/common';
import { CreatePriceSchema } from '@/lib/schemas/prices';
import { createPrice, listPrices } from '@/lib/server/budget/prices';

export const dynamic = 'force-dynamic';

/** GET /api/v1/prices?page=&pageSize= — the price table. Viewer. */
export const GET = apiRoute('/api/v1/prices', 'GET', async ({ request }) => {
  const query = PageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(await listPrices(getDb(), query));
});

/** POST /api/v1/prices — adds a model price from an effective date (audited). Admin. */
export const POST = apiRoute('/api/v1/prices', 'POST', async ({ request, viewer }) => {
  const input = CreatePriceSchema.parse(await readJson(request));
  const created = await createPrice(getDb(), input, {
    actor: viewer!.actor,
    userId: viewerUserId(viewer!),
  });
  return Response.json({ data: created }, { status: 201 });
});
