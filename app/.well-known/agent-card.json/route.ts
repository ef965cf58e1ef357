import { getPublicUrl } from '@/lib/auth/server';
import { orchestratorCardJson } from '@/lib/server/a2a-orchestrator';

export const dynamic = 'force-dynamic';

/**
 * GET /.well-known/agent-card.json — Baton's agent card where A2A clients look for it (the URL a
 * peer registers is Baton's base URL). Public: a card holds no data; calls need an operator token.
 */
export function GET(): Response {
  return Response.json(orchestratorCardJson(getPublicUrl()), {
    headers: { 'Cache-Control': 'public, max-age=300' },
  });
}
