import { apiRoute } from '@/lib/http/api-route';
import { buildOpenApiDocument } from '@/lib/http/openapi';
import { BATON_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

/** GET /api/v1/openapi.json — the API reference (OpenAPI 3.1), generated from the zod schemas. */
export const GET = apiRoute('/api/v1/openapi.json', 'GET', async () => {
  document ??= buildOpenApiDocument(BATON_VERSION);
  return Response.json(document);
});
