import { getDb } from '@/lib/db/client';
import { apiRoute, readOptionalJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { CancelRequestSchema, RequestIdSchema } from '@/lib/schemas/requests';
import { cancelRequest } from '@/lib/server/execution/control';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/requests/{id}/cancel { reason? } — cancels pending tasks, aborts running attempts
 * (remote A2A tasks receive CancelTask). 409 when the request already finished.
 */
export const POST = apiRoute<{ id: string }>(
  '/api/v1/requests/[id]/cancel',
  'POST',
  async ({ params, request, viewer }) => {
    const { id } = RequestIdSchema.parse(params);
    const { reason } = CancelRequestSchema.parse(await readOptionalJson(request));
    const result = await cancelRequest(getDb(), id, viewer!.actor, reason);
    return jsonResponse({ data: { id, ...result } });
  },
);
