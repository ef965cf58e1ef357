import { builtinAgentCardJson } from '@/lib/agents/builtin/a2a-server';
import { getPublicUrl } from '@/lib/auth/server';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/a2a/builtin/<name>/.well-known/agent-card.json — the A2A agent card of a builtin agent
 * (name, skills, the JSON-RPC URL, and that calls need a bearer token). Public: a card holds no data.
 */
export const GET = apiRoute<{ name: string }>(
  '/api/a2a/builtin/[name]/.well-known/agent-card.json',
  'GET',
  async ({ params }) => {
    const card = builtinAgentCardJson(params.name, getPublicUrl());
    if (!card) throw new AppError('NOT_FOUND', `There is no builtin agent named "${params.name}".`);
    return Response.json(card, { headers: { 'Cache-Control': 'public, max-age=300' } });
  },
);
