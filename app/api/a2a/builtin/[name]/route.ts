import { BUILTIN_AGENT_NAMES, type BuiltinAgentName } from '@/lib/agents/config';
import { handleBuiltinA2ARequest } from '@/lib/agents/builtin/a2a-server';
import { getPublicUrl } from '@/lib/auth/server';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';
import { PrismaTaskStore } from '@/lib/server/a2a-task-store';

export const dynamic = 'force-dynamic';

/**
 * POST /api/a2a/builtin/<name> — A2A JSON-RPC (v1.0) endpoint of a builtin agent: SendMessage,
 * SendStreamingMessage, GetTask, ListTasks, CancelTask, SubscribeToTask. Operator: sending work to
 * Baton's agents needs an operator API token ("Authorization: Bearer …"). See
 * docs/agents/builtin-a2a.md.
 */
export const POST = apiRoute<{ name: string }>(
  '/api/a2a/builtin/[name]',
  'POST',
  async ({ request, viewer, params }) => {
    const name = params.name;
    if (!(BUILTIN_AGENT_NAMES as readonly string[]).includes(name)) {
      throw new AppError('NOT_FOUND', `There is no builtin agent named "${name}".`);
    }
    return handleBuiltinA2ARequest(name as BuiltinAgentName, request, {
      publicUrl: getPublicUrl(),
      caller: viewer!.actor,
      createTaskStore: (endpoint) => new PrismaTaskStore(getDb, endpoint),
    });
  },
);
