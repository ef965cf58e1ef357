/**
 * The event log (architecture.md §2): every state change of a request, a task or an attempt appends
 * one row in the same transaction as the change, ordered by a bigserial id. Live views (SSE) read it
 * after an id; a NOTIFY on `baton_events` wakes them without polling delay.
 */
import type { SqlTx } from '@/lib/db/sql';

export const EVENT_TYPES = [
  'request.submitted',
  'request.planned',
  'request.plan_failed',
  'request.awaiting_approval',
  'request.approved',
  'request.rejected',
  'request.started',
  'request.cancel_requested',
  'request.cancelled',
  'request.succeeded',
  'request.failed',
  'task.ready',
  'task.routed',
  'task.waiting',
  'task.retrying',
  'task.succeeded',
  'task.failed',
  'task.cancelled',
  'task.skipped',
  'task.reset',
  'attempt.started',
  'attempt.succeeded',
  'attempt.failed',
  'attempt.cancelled',
  'attempt.remote_cancel',
  'agent.proposed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENTS_CHANNEL = 'baton_events';

export interface NewEvent {
  requestId: string;
  taskId?: string | null;
  type: EventType;
  payload?: Record<string, unknown>;
}

/**
 * Appends events (in order) and notifies listeners when the transaction commits — one statement:
 * the rows are inserted in array order (so ids follow it) and one NOTIFY goes out per request.
 */
export async function appendEvents(tx: SqlTx, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const requestIds = events.map((event) => event.requestId);
  const taskIds = events.map((event) => event.taskId ?? null);
  const types = events.map((event) => event.type);
  const payloads = events.map((event) => JSON.stringify(event.payload ?? {}));
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO events (request_id, task_id, type, payload)
      SELECT e.request_id, e.task_id, e.type, e.payload::jsonb
      FROM unnest(${requestIds}::uuid[], ${taskIds}::uuid[], ${types}::text[], ${payloads}::text[])
           WITH ORDINALITY AS e(request_id, task_id, type, payload, n)
      ORDER BY e.n
      RETURNING request_id
    )
    SELECT pg_notify(${EVENTS_CHANNEL}, request_id::text)
    FROM (SELECT DISTINCT request_id FROM inserted) changed`;
}

export function appendEvent(tx: SqlTx, event: NewEvent): Promise<void> {
  return appendEvents(tx, [event]);
}
