import { getDb } from '@/lib/db/client';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { TaskActionSchema, TaskIdSchema } from '@/lib/schemas/requests';
import { taskAction } from '@/lib/server/execution/control';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/requests/{id}/tasks/{taskId}/actions { action: "cancel" | "retry" | "skip" } — acts
 * on one node: cancel it (dependents are skipped), retry a failed or cancelled one (its skipped
 * dependents get another chance; a failed request runs again), or skip it (dependents proceed).
 */
export const POST = apiRoute<{ id: string; taskId: string }>(
  '/api/v1/requests/[id]/tasks/[taskId]/actions',
  'POST',
  async ({ params, request, viewer }) => {
    const { id, taskId } = TaskIdSchema.parse(params);
    const { action } = TaskActionSchema.parse(await readJson(request));
    const result = await taskAction(getDb(), id, taskId, action, viewer!.actor);
    return jsonResponse({ data: { id: taskId, ...result } });
  },
);
