import { getDb } from '@/lib/db/client';
import { unregisterAgent } from '@/lib/db/repositories/agent-mutations';
import { getAgentDetail } from '@/lib/db/repositories/agents';
import { AppError } from '@/lib/errors';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { AgentIdSchema, UpdateAgentSchema } from '@/lib/schemas/agents';
import { editAgent } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';

export const dynamic = 'force-dynamic';
type Params = { id: string };

/** GET /api/v1/agents/{id} — one agent with its capabilities (never its secret: only `hasSecret`). */
export const GET = apiRoute<Params>('/api/v1/agents/[id]', 'GET', async ({ params }) => {
  const { id } = AgentIdSchema.parse(params);
  const agent = await getAgentDetail(getDb(), id);
  if (!agent) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
  return jsonResponse({ data: agent });
});

/** PATCH /api/v1/agents/{id} — edits any subset of fields; `secret: null` removes the secret. */
export const PATCH = apiRoute<Params>(
  '/api/v1/agents/[id]',
  'PATCH',
  async ({ params, request, viewer }) => {
    const { id } = AgentIdSchema.parse(params);
    const payload = UpdateAgentSchema.parse(await readJson(request));
    if (Object.keys(payload).length === 0) {
      // An empty PATCH is almost always a client bug (a misnamed body); say so instead of a no-op 200.
      throw new AppError('VALIDATION_FAILED', 'Send at least one field to change.', {
        fields: { _: 'The body names no field to change.' },
      });
    }
    await editAgent(getDb(), id, payload, attributionOf(viewer!));
    return jsonResponse({ data: await getAgentDetail(getDb(), id) });
  },
);

/** DELETE /api/v1/agents/{id} — unregisters (history is kept); refused while tasks are in flight. */
export const DELETE = apiRoute<Params>(
  '/api/v1/agents/[id]',
  'DELETE',
  async ({ params, viewer }) => {
    const { id } = AgentIdSchema.parse(params);
    await unregisterAgent(getDb(), id, attributionOf(viewer!));
    return jsonResponse({ data: { id, unregistered: true } });
  },
);
