/**
 * The event log (architecture.md §2): every state change of a request, a task or an attempt appends
 * one row in the same transaction as the change, ordered by a bigserial id. Live views (SSE) read it
 * after an id; a NOTIFY on `baton_events` wakes them without polling delay.
 *
 * A reader that has seen id N never looks below N again, so a request's events must become visible
 * in id order. Tasks of one request claim and record concurrently (ADR 0020, 2026-12-08), so ids
 * are taken only under the request's row lock (`FOR NO KEY UPDATE`, or the `FOR UPDATE` plan,
 * operator actions and finish hold): the statement below takes it before it draws an id, and the
 * lock is held until commit, so a later id of the same request always commits later.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import type { SqlTx } from '@/lib/db/sql';

export { EVENT_TYPES, type EventType } from './event-types';
import type { EventType } from './event-types';

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
  await tx.$executeRaw(eventsStatement(events));
}

/**
 * The change and the events that record it in one statement: `changes` are data-modifying CTEs
 * (`name AS (UPDATE …)`), which PostgreSQL runs exactly once whether or not anything reads them,
 * before the events are inserted and announced.
 */
export async function changeWithEvents(
  tx: SqlTx,
  changes: readonly Prisma.Sql[],
  events: readonly NewEvent[],
): Promise<void> {
  await tx.$executeRaw(eventsStatement(events, changes));
}

/**
 * As `changeWithEvents`, and returns `result` — an expression over the changes' CTEs, evaluated
 * once after the events are written (e.g. a counter a change returned).
 */
export async function changeWithEventsReturning<T>(
  tx: SqlTx,
  changes: readonly Prisma.Sql[],
  events: readonly NewEvent[],
  result: Prisma.Sql,
): Promise<T | undefined> {
  const rows = await tx.$queryRaw<{ result: T }[]>(eventsStatement(events, changes, result));
  return rows[0]?.result;
}

function eventsStatement(
  events: readonly NewEvent[],
  changes: readonly Prisma.Sql[] = [],
  result?: Prisma.Sql,
) {
  const requestIds = events.map((event) => event.requestId);
  const taskIds = events.map((event) => event.taskId ?? null);
  const types = events.map((event) => event.type);
  const payloads = events.map((event) => JSON.stringify(event.payload ?? {}));
  const before = changes.length > 0 ? Prisma.sql`${Prisma.join(changes)},` : Prisma.empty;
  // `locked` runs first: the INSERT's WHERE reads it (an InitPlan, evaluated before any row, so
  // before any id is drawn); the changes' UPDATEs of the same request row then find it locked.
  return Prisma.sql`
    WITH locked AS (
      SELECT id FROM requests WHERE id = ANY(${[...new Set(requestIds)]}::uuid[])
      ORDER BY id FOR NO KEY UPDATE
    ), ${before} inserted AS (
      INSERT INTO events (request_id, task_id, type, payload)
      SELECT e.request_id, e.task_id, e.type, e.payload::jsonb
      FROM unnest(${requestIds}::uuid[], ${taskIds}::uuid[], ${types}::text[], ${payloads}::text[])
           WITH ORDINALITY AS e(request_id, task_id, type, payload, n)
      WHERE (SELECT count(*) FROM locked) >= 0
      ORDER BY e.n
      RETURNING request_id
    )
    SELECT pg_notify(${EVENTS_CHANNEL}, request_id::text)${result ? Prisma.sql`, (${result}) AS result` : Prisma.empty}
    FROM (SELECT DISTINCT request_id FROM inserted) changed`;
}

export function appendEvent(tx: SqlTx, event: NewEvent): Promise<void> {
  return appendEvents(tx, [event]);
}
