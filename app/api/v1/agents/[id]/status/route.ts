import { getDb } from '@/lib/db/client';
import { changeAgentStatus } from '@/lib/db/repositories/agent-mutations';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { AgentIdSchema, ChangeAgentStatusSchema } from '@/lib/schemas/agents';
import { attributionOf } from '@/lib/server/attribution';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/agents/{id}/status { status, reason } — moves the agent through its lifecycle.
 * MAINTENANCE with tasks in flight answers `DRAINING` (it enters maintenance when they finish).
 * Illegal moves answer 409 naming the allowed targets.
 */
export const POST = apiRoute<{ id: string }>(
  '/api/v1/agents/[id]/status',
  'POST',
  async ({ params, request, viewer }) => {
    const { id } = AgentIdSchema.parse(params);
    const { status, reason } = ChangeAgentStatusSchema.parse(await readJson(request));
    const change = await changeAgentStatus(
      getDb(),
      id,
      { to: status, reason },
      attributionOf(viewer!),
    );
    return jsonResponse({ data: change });
  },
);
