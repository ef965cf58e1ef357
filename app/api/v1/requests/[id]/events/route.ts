import { getDb } from '@/lib/db/client';
import { findRequestEvents } from '@/lib/db/repositories/requests';
import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';
import { toJsonValue } from '@/lib/http/json';
import { RequestIdSchema } from '@/lib/schemas/requests';

export const dynamic = 'force-dynamic';

const POLL_MS = 400;
const KEEPALIVE_MS = 15_000;
/** A stream ends after this long; EventSource reconnects with Last-Event-ID and misses nothing. */
const MAX_STREAM_MS = 10 * 60_000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * GET /api/v1/requests/{id}/events — Server-Sent Events: every event of the request's log
 * (`id:` is the event id, `event:` its type, `data:` JSON `{ id, type, taskId, payload,
 * createdAt }`), from the start or after `Last-Event-ID` / `?after=`. The stream ends once the
 * request is finished and every event was sent.
 */
export const GET = apiRoute<{ id: string }>(
  '/api/v1/requests/[id]/events',
  'GET',
  async ({ params, request }) => {
    const { id } = RequestIdSchema.parse(params);
    const db = getDb();
    const exists = await db.request.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new AppError('NOT_FOUND', 'There is no request with this id.');
    const from =
      request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
    let after = from && /^\d{1,19}$/.test(from) ? BigInt(from) : 0n;
    const encoder = new TextEncoder();
    const startedAt = Date.now();
    let closed = false;
    request.signal.addEventListener('abort', () => (closed = true));

    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (text: string) => {
          if (!closed) controller.enqueue(encoder.encode(text));
        };
        send('retry: 2000\n\n');
        let lastWrite = Date.now();
        try {
          while (!closed && Date.now() - startedAt < MAX_STREAM_MS) {
            const status = (
              await db.request.findUnique({ where: { id }, select: { status: true } })
            )?.status;
            const events = await findRequestEvents(db, id, after);
            for (const event of events) {
              send(
                `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(toJsonValue(event))}\n\n`,
              );
              after = event.id;
              lastWrite = Date.now();
            }
            // Finished before this read began and nothing left: the log is complete.
            if (!status || (FINISHED.has(status) && events.length === 0)) break;
            if (Date.now() - lastWrite > KEEPALIVE_MS) {
              send(': keep-alive\n\n');
              lastWrite = Date.now();
            }
            await new Promise((resolve) => setTimeout(resolve, events.length > 0 ? 0 : POLL_MS));
          }
        } catch (error) {
          send(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
        } finally {
          closed = true;
          controller.close();
        }
      },
      cancel() {
        closed = true;
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      },
    });
  },
);
