import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { requestCosts } from '@/lib/server/budget/budgets';

export const dynamic = 'force-dynamic';

const ParamsSchema = z.object({ id: z.uuid('The request id must be a UUID.') });

/** GET /api/v1/requests/{id}/costs — the request's cost by kind, by agent and by task. Viewer. */
export const GET = apiRoute<{ id: string }>(
  '/api/v1/requests/[id]/costs',
  'GET',
  async ({ params }) => {
    const { id } = ParamsSchema.parse(params);
    return Response.json({ data: await requestCosts(getDb(), id) });
  },
);
