import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { CostsQuerySchema } from '@/lib/schemas/costs';
import { groupCosts } from '@/lib/server/budget/costs';

export const dynamic = 'force-dynamic';

/** GET /api/v1/costs?groupBy=agent|day|kind|capability|request&from=&to= — ledger totals. Viewer. */
export const GET = apiRoute('/api/v1/costs', 'GET', async ({ request }) => {
  const query = CostsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ data: await groupCosts(getDb(), query) });
});
