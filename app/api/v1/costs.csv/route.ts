import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { CostsQuerySchema } from '@/lib/schemas/costs';
import { costsCsv } from '@/lib/server/budget/costs';

export const dynamic = 'force-dynamic';

/** GET /api/v1/costs.csv?from=&to= — the ledger rows in the window as CSV, streamed. Viewer. */
export const GET = apiRoute('/api/v1/costs.csv', 'GET', async ({ request }) => {
  const query = CostsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return new Response(costsCsv(getDb(), query), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="baton-costs.csv"',
      'Cache-Control': 'no-store',
    },
  });
});
