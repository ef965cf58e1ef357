import { getDb } from '@/lib/db/client';
import { findRequestEvents } from '@/lib/db/repositories/requests';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { apiRoute } from '@/lib/http/api-route';
import { toJsonValue } from '@/lib/http/json';
import { createStreamSlots, type StreamSlots } from '@/lib/http/stream-slots';
import { RequestIdSchema } from '@/lib/schemas/requests';
import { EVENTS_CHANNEL } from '@/lib/server/execution/events';
import { sharedNotificationHub } from '@/lib/server/notifications';

export const dynamic = 'force-dynamic';

/** Between reads when no NOTIFY can wake the stream (the listening connection is down). */
const POLL_MS = 400;
/** Between reads while NOTIFY works: only a safety net, new events wake the stream at once. */
const FALLBACK_POLL_MS = 5_000;
const KEEPALIVE_MS = 15_000;
/** A stream ends after this long; EventSource reconnects with Last-Event-ID and misses nothing. */
const MAX_STREAM_MS = 10 * 60_000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

const globalForStreams = globalThis as typeof globalThis & { batonStreamSlots?: StreamSlots };
/** Open streams per user or token in this process, capped at BATON_SSE_MAX_PER_USER (ADR 0052). */
function streamSlots(): StreamSlots {
  return (globalForStreams.batonStreamSlots ??= createStreamSlots(getEnv().BATON_SSE_MAX_PER_USER));
}

/**
 * GET /api/v1/requests/{id}/events — Server-Sent Events: every event of the request's log
 * (`id:` is the event id, `event:` its type, `data:` JSON `{ id, type, taskId, payload,
 * createdAt }`), from the start or after `Last-Event-ID` / `?after=`. The stream ends once the
 * request is finished and every event was sent. One user (or token) may hold
 * BATON_SSE_MAX_PER_USER streams open at once; past that, 429 until one closes.
 */
export const GET = apiRoute<{ id: string }>(
  '/api/v1/requests/[id]/events',
  'GET',
  async ({ params, request, viewer }) => {
    const { id } = RequestIdSchema.parse(params);
    const db = getDb();
    const exists = await db.request.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw new AppError('NOT_FOUND', 'There is no request with this id.');
    const from =
      request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
    let after = from && /^\d{1,19}$/.test(from) ? BigInt(from) : 0n;
    const max = getEnv().BATON_SSE_MAX_PER_USER;
    const release = streamSlots().tryAcquire(viewer!.actor);
    if (!release) {
      throw new AppError(
        'RATE_LIMITED',
        `Too many live event streams: at most ${max} per user may be open at once ` +
          '(BATON_SSE_MAX_PER_USER). Close another tab or stream and retry.',
        { retryAfterSeconds: 5 },
      );
    }
    // Given back when the stream ends for any reason: finished, client gone, or cancelled.
    request.signal.addEventListener('abort', release);
    const encoder = new TextEncoder();
    const startedAt = Date.now();
    let closed = false;
    request.signal.addEventListener('abort', () => (closed = true));

    // New events of this request wake the stream through NOTIFY `baton_events` (sent with them).
    // Subscribed before the first read, so one committed between a read and the wait is not missed.
    const hub = sharedNotificationHub();
    let woken = false;
    let wake: (() => void) | null = null;
    const unsubscribe = hub.subscribe(EVENTS_CHANNEL, id, () => {
      woken = true;
      wake?.();
    });
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (woken || closed) return resolve();
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }).finally(() => (wake = null));
    request.signal.addEventListener('abort', () => wake?.());

    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (text: string) => {
          if (!closed) controller.enqueue(encoder.encode(text));
        };
        send('retry: 2000\n\n');
        let lastWrite = Date.now();
        try {
          while (!closed && Date.now() - startedAt < MAX_STREAM_MS) {
            woken = false;
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
            if (events.length === 0) await sleep(hub.isConnected() ? FALLBACK_POLL_MS : POLL_MS);
          }
        } catch (error) {
          send(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
        } finally {
          closed = true;
          unsubscribe();
          release();
          controller.close();
        }
      },
      cancel() {
        closed = true;
        release();
        wake?.();
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
