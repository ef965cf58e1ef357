import { getDb } from '@/lib/db/client';
import { apiRoute, readOptionalJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { ApproveRequestSchema, RequestIdSchema } from '@/lib/schemas/requests';
import { decideApproval } from '@/lib/server/execution/control';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/requests/{id}/approve { decision: "approve" | "reject", reason? } — decides a plan
 * waiting in `awaiting_approval`. 409 when the request is not waiting.
 */
export const POST = apiRoute<{ id: string }>(
  '/api/v1/requests/[id]/approve',
  'POST',
  async ({ params, request, viewer }) => {
    const { id } = RequestIdSchema.parse(params);
    const { decision, reason } = ApproveRequestSchema.parse(await readOptionalJson(request));
    const result = await decideApproval(getDb(), id, decision, viewer!.actor, reason);
    return jsonResponse({ data: { id, ...result } });
  },
);
