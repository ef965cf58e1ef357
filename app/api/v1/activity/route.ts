import { getDb } from '@/lib/db/client';
import { getLiveActivity } from '@/lib/db/repositories/activity';
import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/activity — what runs now: running requests with their progress, agents by status,
 * spend today, and agent calls finished per minute over the last hour. The Overview refreshes its
 * live activity from here.
 */
export const GET = apiRoute('/api/v1/activity', 'GET', async () => {
  return Response.json(
    { data: await getLiveActivity(getDb()) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
