import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { CreateBudgetSchema } from '@/lib/schemas/budgets';
import { createBudget, listBudgets } from '@/lib/server/budget/budgets';

export const dynamic = 'force-dynamic';

/** GET /api/v1/budgets — every budget with its current period's spend and reservations. Viewer. */
export const GET = apiRoute('/api/v1/budgets', 'GET', async () => {
  return Response.json({ data: await listBudgets(getDb()) });
});

/** POST /api/v1/budgets — creates a budget (audited). Admin. */
export const POST = apiRoute('/api/v1/budgets', 'POST', async ({ request, viewer }) => {
  const input = CreateBudgetSchema.parse(await readJson(request));
  const created = await createBudget(getDb(), input, {
    actor: viewer!.actor,
    userId: viewerUserId(viewer!),
  });
  return Response.json({ data: created }, { status: 201 });
});
