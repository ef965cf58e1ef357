import { getDb } from '@/lib/db/client';
import { findRequests } from '@/lib/db/repositories/requests';
import { AppError } from '@/lib/errors';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import {
  IdempotencyKeySchema,
  RequestListQuerySchema,
  SubmitRequestSchema,
} from '@/lib/schemas/requests';
import { submitRequest } from '@/lib/server/execution/submit';

export const dynamic = 'force-dynamic';

/** GET /api/v1/requests?status=&strategy=&q=&page=&pageSize= — requests, newest first. */
export const GET = apiRoute('/api/v1/requests', 'GET', async ({ request }) => {
  const query = RequestListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return jsonResponse(await findRequests(getDb(), query));
});

/**
 * POST /api/v1/requests — submits a request (text or workflow). Answers 202 with its id at once;
 * the plan and the tasks run in the background (follow GET /requests/{id} or its /events). With an
 * `Idempotency-Key` header, a retry answers 200 with the request the first call created.
 */
export const POST = apiRoute('/api/v1/requests', 'POST', async ({ request, viewer }) => {
  const header = request.headers.get('idempotency-key');
  let idempotencyKey: string | undefined;
  if (header !== null) {
    const parsed = IdempotencyKeySchema.safeParse(header);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'The Idempotency-Key header is invalid.', {
        fields: { 'Idempotency-Key': parsed.error.issues[0]!.message },
      });
    }
    idempotencyKey = parsed.data;
  }
  const payload = SubmitRequestSchema.parse(await readJson(request));
  const submitted = await submitRequest(
    getDb(),
    payload,
    { userId: viewer!.kind === 'user' ? viewer!.id : null, label: viewer!.actor },
    { idempotencyKey },
  );
  return jsonResponse(
    { data: { id: submitted.id, status: submitted.status } },
    {
      status: submitted.created ? 202 : 200,
      headers: {
        Location: `/api/v1/requests/${submitted.id}`,
        ...(!submitted.created && { 'Idempotent-Replayed': 'true' }),
      },
    },
  );
});
