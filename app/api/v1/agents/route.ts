import { getDb } from '@/lib/db/client';
import { findAgents } from '@/lib/db/repositories/agents';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { ListAgentsQuerySchema, RegisterAgentSchema } from '@/lib/schemas/agents';
import { registerAgent } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';

export const dynamic = 'force-dynamic';

/** GET /api/v1/agents?status=&kind=&capability=&search=&page=&pageSize= — registered agents. */
export const GET = apiRoute('/api/v1/agents', 'GET', async ({ request }) => {
  const { page, pageSize, ...filters } = ListAgentsQuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  return jsonResponse(await findAgents(getDb(), { page, pageSize }, filters));
});

/** POST /api/v1/agents — registers an agent (A2A: its card is read and its skills imported). */
export const POST = apiRoute('/api/v1/agents', 'POST', async ({ request, viewer }) => {
  const payload = RegisterAgentSchema.parse(await readJson(request));
  const created = await registerAgent(getDb(), payload, attributionOf(viewer!));
  return jsonResponse({ data: created }, { status: 201 });
});
