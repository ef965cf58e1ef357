import { getPublicUrl } from '@/lib/auth/server';
import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { handleOrchestratorA2ARequest } from '@/lib/server/a2a-orchestrator';

export const dynamic = 'force-dynamic';

/**
 * POST /api/a2a — Baton's own A2A JSON-RPC (v1.0) endpoint: SendMessage / SendStreamingMessage
 * submit a request and answer with its result; GetTask, CancelTask (cancels the request),
 * SubscribeToTask. Operator token required ("Authorization: Bearer …"). Card:
 * /.well-known/agent-card.json.
 */
export const POST = apiRoute('/api/a2a', 'POST', async ({ request, viewer }) =>
  handleOrchestratorA2ARequest(request, {
    publicUrl: getPublicUrl(),
    caller: viewer!.actor,
    db: getDb,
  }),
);
