import { getDb } from '@/lib/db/client';
import {
  findAgentsByCapability,
  findAgentsByInputType,
  findAgentsByTag,
  listCapabilities,
} from '@/lib/db/repositories/capabilities';
import { apiRoute } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { CapabilityQuerySchema } from '@/lib/schemas/agents';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/capabilities — every capability with the agents offering it; or, with one filter,
 * the agents by capability (`?capability=`), by tag (`?tag=`) or by input type (`?inputType=`).
 */
export const GET = apiRoute('/api/v1/capabilities', 'GET', async ({ request }) => {
  const query = CapabilityQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  if (query.capability)
    return jsonResponse({ data: await findAgentsByCapability(db, query.capability) });
  if (query.tag) return jsonResponse({ data: await findAgentsByTag(db, query.tag) });
  if (query.inputType)
    return jsonResponse({ data: await findAgentsByInputType(db, query.inputType) });
  return jsonResponse({ data: await listCapabilities(db) });
});
