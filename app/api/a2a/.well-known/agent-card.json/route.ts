import { getPublicUrl } from '@/lib/auth/server';
import { apiRoute } from '@/lib/http/api-route';
import { orchestratorCardJson } from '@/lib/server/a2a-orchestrator';

export const dynamic = 'force-dynamic';

/** GET /api/a2a/.well-known/agent-card.json — Baton's own agent card (also at the site root). */
export const GET = apiRoute('/api/a2a/.well-known/agent-card.json', 'GET', async () =>
  Response.json(orchestratorCardJson(getPublicUrl()), {
    headers: { 'Cache-Control': 'public, max-age=300' },
  }),
);
