import { getDb } from '@/lib/db/client';
import { findStatusTransitions } from '@/lib/db/repositories/agents';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { PageQuerySchema } from '@/lib/schemas/common';

export const dynamic = 'force-dynamic';

/** GET /api/v1/agents/{id}/transitions?page= — the status history, newest first. */
export const GET = apiRoute<{ id: string }>(
  '/api/v1/agents/[id]/transitions',
  'GET',
  async ({ params, request }) => {
    const { id } = AgentIdSchema.parse(params);
    const query = PageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const db = getDb();
    if (!(await db.agent.findUnique({ where: { id }, select: { id: true } }))) {
      throw new AppError('NOT_FOUND', 'No agent has this id.');
    }
    return jsonResponse(await findStatusTransitions(db, id, query));
  },
);
