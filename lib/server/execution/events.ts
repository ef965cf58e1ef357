/**
 * The event log (architecture.md §2): every state change of a request, a task or an attempt appends
 * one row in the same transaction as the change, ordered by a bigserial id. Live views (SSE) read it
 * after an id; a NOTIFY on `baton_events` wakes them without polling delay.
 */
import type { Prisma } from '@/lib/db/generated/prisma/client';

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

/** Appends events (in order) and notifies listeners when the transaction commits. */
export async function appendEvents(
  tx: Prisma.TransactionClient,
  events: readonly NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.event.createMany({
    data: events.map((event) => ({
      requestId: event.requestId,
      taskId: event.taskId ?? null,
      type: event.type,
      payload: (event.payload ?? {}) as Prisma.InputJsonValue,
    })),
  });
  const requestIds = [...new Set(events.map((event) => event.requestId))];
  for (const requestId of requestIds) {
    await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${requestId})`;
  }
}

export function appendEvent(tx: Prisma.TransactionClient, event: NewEvent): Promise<void> {
  return appendEvents(tx, [event]);
}
