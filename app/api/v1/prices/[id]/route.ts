import { z } from 'zod';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { apiRoute, readJson } from '@/lib/http/api-route';
import { UpdatePriceSchema } from '@/lib/schemas/prices';
import { deletePrice, updatePrice } from '@/lib/server/budget/prices';

export const dynamic = 'force-dynamic';

const ParamsSchema = z.object({ id: z.uuid('The price id must be a UUID.') });

/** PATCH /api/v1/prices/{id} — input / output price (audited). Admin. */
export const PATCH = apiRoute<{ id: string }>(
  '/api/v1/prices/[id]',
  'PATCH',
  async ({ params, request, viewer }) => {
    const { id } = ParamsSchema.parse(params);
    const input = UpdatePriceSchema.parse(await readJson(request));
    const who = { actor: viewer!.actor, userId: viewerUserId(viewer!) };
    return Response.json({ data: await updatePrice(getDb(), id, input, who) });
  },
);

/** DELETE /api/v1/prices/{id} (audited). Admin. */
export const DELETE = apiRoute<{ id: string }>(
  '/api/v1/prices/[id]',
  'DELETE',
  async ({ params, viewer }) => {
    const { id } = ParamsSchema.parse(params);
    const who = { actor: viewer!.actor, userId: viewerUserId(viewer!) };
    return Response.json({ data: await deletePrice(getDb(), id, who) });
  },
);
