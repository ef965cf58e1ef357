import { z } from 'zod';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { UpdateBudgetSchema } from '@/lib/schemas/budgets';
import { deleteBudget, updateBudget } from '@/lib/server/budget/budgets';

export const dynamic = 'force-dynamic';

const ParamsSchema = z.object({ id: z.uuid('The budget id must be a UUID.') });

/** PATCH /api/v1/budgets/{id} — name, limit, mode, thresholds (audited). Admin. */
export const PATCH = apiRoute<{ id: string }>(
  '/api/v1/budgets/[id]',
  'PATCH',
  async ({ params, request, viewer }) => {
    const { id } = ParamsSchema.parse(params);
    const input = UpdateBudgetSchema.parse(await readJson(request));
    const updated = await updateBudget(getDb(), id, input, {
      actor: viewer!.actor,
      userId: viewerUserId(viewer!),
    });
    return Response.json({ data: updated });
  },
);

/** DELETE /api/v1/budgets/{id} — removes a budget and its reservations (audited). Admin. */
export const DELETE = apiRoute<{ id: string }>(
  '/api/v1/budgets/[id]',
  'DELETE',
  async ({ params, viewer }) => {
    const { id } = ParamsSchema.parse(params);
    const deleted = await deleteBudget(getDb(), id, {
      actor: viewer!.actor,
      userId: viewerUserId(viewer!),
    });
    return Response.json({ data: deleted });
  },
);
