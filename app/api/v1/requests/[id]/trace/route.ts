import { getDb } from '@/lib/db/client';
import { findTraceEvents, getRequestTrace } from '@/lib/db/repositories/request-trace';
import {
  buildTraceJson,
  formatTraceAscii,
  formatTraceTree,
  summarizeTrace,
} from '@/lib/engine/graph';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';
import { RequestIdSchema } from '@/lib/schemas/requests';
import { TraceQuerySchema } from '@/lib/schemas/trace';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/requests/{id}/trace?format=ascii|tree|json — the request's execution as text (the DAG
 * as boxes and arrows, or an indented tree of attempts) or JSON (every task in full, or with
 * `summary=1` the summaries the request page's live view reads; optionally with the event log).
 * `download=1` makes it an attachment.
 */
export const GET = apiRoute<{ id: string }>(
  '/api/v1/requests/[id]/trace',
  'GET',
  async ({ params, request }) => {
    const { id } = RequestIdSchema.parse(params);
    const query = TraceQuerySchema.parse(
      Object.fromEntries(new URL(request.url).searchParams.entries()),
    );
    const db = getDb();
    const snapshot = await getRequestTrace(db, id);
    if (!snapshot) throw new AppError('NOT_FOUND', 'There is no request with this id.');
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    const extension = query.format === 'json' ? 'json' : 'txt';
    if (query.download === '1') {
      headers['Content-Disposition'] =
        `attachment; filename="trace-${id}${query.format === 'tree' ? '-tree' : ''}.${extension}"`;
    }
    if (query.format === 'json') {
      const events =
        query.events === '1'
          ? (await findTraceEvents(db, id)).filter(
              (e) => BigInt(e.id) <= BigInt(snapshot.lastEventId),
            )
          : undefined;
      const shown = query.summary === '1' ? summarizeTrace(snapshot) : snapshot;
      return Response.json({ data: buildTraceJson(shown, events) }, { headers });
    }
    const text = query.format === 'ascii' ? formatTraceAscii(snapshot) : formatTraceTree(snapshot);
    return new Response(text, {
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  },
);
