import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { AgentIdSchema, UptimeQuerySchema } from '@/lib/schemas/agents';
import { getAgentUptime } from '@/lib/server/uptime';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/agents/{id}/uptime?window=24h|7d|30d — uptime computed from the status history:
 * ACTIVE and DEGRADED are up, FAILED and INACTIVE down, maintenance is planned and left out.
 */
export const GET = apiRoute<{ id: string }>(
  '/api/v1/agents/[id]/uptime',
  'GET',
  async ({ params, request }) => {
    const { id } = AgentIdSchema.parse(params);
    const { window } = UptimeQuerySchema.parse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    return jsonResponse({ data: await getAgentUptime(getDb(), id, window) });
  },
);
