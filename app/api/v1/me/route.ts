import { apiRoute } from '@/lib/http/api-route';

export const dynamic = 'force-dynamic';

/** GET /api/v1/me — who is asking: the signed-in user or the API token, and its role. */
export const GET = apiRoute('/api/v1/me', 'GET', async ({ viewer }) => {
  const v = viewer!;
  const data =
    v.kind === 'user'
      ? { kind: v.kind, id: v.id, email: v.email, name: v.name, role: v.role }
      : { kind: v.kind, id: v.id, name: v.name, role: v.role };
  return Response.json({ data });
});
