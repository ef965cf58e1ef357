import { getDb } from '@/lib/db/client';
import { getRequestDetail } from '@/lib/db/repositories/requests';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';
import { jsonResponse } from '@/lib/http/json';
import { RequestIdSchema } from '@/lib/schemas/requests';

export const dynamic = 'force-dynamic';

/** GET /api/v1/requests/{id} — the request with its tasks, attempts, routing, result and costs. */
export const GET = apiRoute<{ id: string }>('/api/v1/requests/[id]', 'GET', async ({ params }) => {
  const { id } = RequestIdSchema.parse(params);
  const detail = await getRequestDetail(getDb(), id);
  if (!detail) throw new AppError('NOT_FOUND', 'There is no request with this id.');
  return jsonResponse({ data: detail });
});
