import { getDb } from '@/lib/db/client';
import { getTraceTask } from '@/lib/db/repositories/request-trace';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';
import { TaskIdSchema } from '@/lib/schemas/requests';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/requests/{id}/tasks/{taskId} — one task in full, as the trace JSON carries it: its
 * input, output, full error, routing explanation (candidates with scores, excluded agents with
 * reasons) and every attempt with tokens, cost, error and the remote A2A task id. The request
 * page's node drawer reads it when it opens, and again when an event for the task arrives.
 */
export const GET = apiRoute<{ id: string; taskId: string }>(
  '/api/v1/requests/[id]/tasks/[taskId]',
  'GET',
  async ({ params }) => {
    const { id, taskId } = TaskIdSchema.parse(params);
    const db = getDb();
    const task = await getTraceTask(db, id, taskId);
    if (!task) {
      const request = await db.request.findUnique({ where: { id }, select: { id: true } });
      throw new AppError(
        'NOT_FOUND',
        request ? 'This request has no task with this id.' : 'There is no request with this id.',
      );
    }
    return Response.json({ data: task }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
