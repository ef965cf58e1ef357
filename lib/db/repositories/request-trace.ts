import {
  outputPreviewOf,
  summarizeTrace,
  type RequestSnapshot,
  type RequestTrace,
  type TraceEvent,
  type TraceRemoteCancel,
  type TraceTask,
  type TraceVote,
} from '@/lib/engine/graph';
import type { PrismaClient } from '../prisma';
import { getRequestWithTasks, getTaskWithAttempts, type RequestWithTasks } from './requests';

/**
 * Read model of the execution graph (lib/engine/graph): a request's trace (every task in full),
 * the summaries its page carries, one task in full (the node drawer) and its event log as plain
 * JSON, for the request page, its live cache, `GET /api/v1/requests/{id}/trace` and
 * `GET /api/v1/requests/{id}/tasks/{taskId}`.
 */

/** The newest event id of a request ("0" without events). */
export async function findLastEventId(db: PrismaClient, requestId: string): Promise<string> {
  const last = await db.event.findFirst({
    where: { requestId },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  return last ? last.id.toString() : '0';
}

/**
 * The request in full. The last event id is read first, so every change after it arrives as an
 * event (applying an event twice is harmless; missing one is not).
 */
export async function getRequestTrace(db: PrismaClient, id: string): Promise<RequestTrace | null> {
  const lastEventId = await findLastEventId(db, id);
  const detail = await getRequestWithTasks(db, id);
  return detail ? toTrace(detail, lastEventId) : null;
}

/** One task of the request in full; null when the request has no such task. */
export async function getTraceTask(
  db: PrismaClient,
  requestId: string,
  taskId: string,
): Promise<TraceTask | null> {
  const task = await getTaskWithAttempts(db, requestId, taskId);
  return task ? toTraceTask(task) : null;
}

/** The summaries the request page carries (its live view; details are read per task). */
export function toSnapshot(detail: RequestWithTasks, lastEventId: string): RequestSnapshot {
  return summarizeTrace(toTrace(detail, lastEventId));
}

export function toTrace(detail: RequestWithTasks, lastEventId: string): RequestTrace {
  const result = objectOf(detail.result);
  return {
    id: detail.id,
    status: detail.status,
    strategy: detail.strategy,
    createdAt: detail.createdAt.getTime(),
    startedAt: detail.startedAt?.getTime() ?? null,
    finishedAt: detail.finishedAt?.getTime() ?? null,
    costMicros: detail.costTotal.toString(),
    error: detail.error,
    synthesizedBy: typeof result?.synthesizedBy === 'string' ? result.synthesizedBy : null,
    hasResult: result !== null,
    lastEventId,
    tasks: detail.tasks.map(toTraceTask),
  };
}

function objectOf(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function plannedAgentOf(task: RequestWithTasks['tasks'][number]): string | null {
  const routing = objectOf(task.routing);
  const chosen = objectOf(routing?.chosen);
  if (routing?.preview === true && typeof chosen?.name === 'string') return chosen.name;
  return task.attempts[0]?.agent?.name ?? (typeof chosen?.name === 'string' ? chosen.name : null);
}

function votesOf(output: unknown): { votes: TraceVote[]; winner: string | null } {
  const value = objectOf(output);
  if (!value || value.mode !== 'consensus' || !Array.isArray(value.votes)) {
    return { votes: [], winner: null };
  }
  const votes = value.votes.flatMap((vote): TraceVote[] => {
    const v = objectOf(vote);
    return typeof v?.agent === 'string' && typeof v.answer === 'string'
      ? [{ agent: v.agent, answer: v.answer }]
      : [];
  });
  return { votes, winner: typeof value.answer === 'string' ? value.answer : null };
}

/** The attempt's `remoteCancel` column (written by the executor) as plain fields; null if none. */
function remoteCancelOf(value: unknown): TraceRemoteCancel | null {
  const cancel = objectOf(value);
  if (!cancel || typeof cancel.ok !== 'boolean') return null;
  return {
    ok: cancel.ok,
    state: typeof cancel.state === 'string' ? cancel.state : null,
    error: typeof cancel.error === 'string' ? cancel.error : null,
  };
}

function toTraceTask(task: RequestWithTasks['tasks'][number]): TraceTask {
  return {
    id: task.id,
    ref: task.ref,
    description: task.description,
    capability: task.capability,
    mode: task.mode,
    status: task.status,
    dependsOn: task.dependsOn,
    agent: task.agent,
    plannedAgent: plannedAgentOf(task),
    maxAttempts: task.maxAttempts,
    timeoutMs: task.timeoutMs,
    estimatedCostMicros: task.estimatedCost.toString(),
    startedAt: task.startedAt?.getTime() ?? null,
    finishedAt: task.finishedAt?.getTime() ?? null,
    error: task.error,
    waiting: false,
    attempts: task.attempts.map((attempt) => ({
      number: attempt.number,
      agent: attempt.agent?.name ?? null,
      agentId: attempt.agent?.id ?? null,
      agentDisplayName: attempt.agent?.displayName ?? null,
      status: attempt.status,
      startedAt: attempt.startedAt.getTime(),
      finishedAt: attempt.finishedAt?.getTime() ?? null,
      latencyMs: attempt.latencyMs,
      tokensIn: attempt.tokensIn,
      tokensOut: attempt.tokensOut,
      costMicros: attempt.cost.toString(),
      errorKind: attempt.errorKind,
      error: attempt.error,
      remoteTaskId: attempt.remoteTaskId,
      remoteCancel: remoteCancelOf(attempt.remoteCancel),
    })),
    ...votesOf(task.output),
    outputPreview: outputPreviewOf(task.output),
    input: task.input,
    output: task.output,
    routing: task.routing,
  };
}

/** Events read per query when listing a whole log. */
const EVENT_PAGE = 2_000;
/** A trace lists at most this many events (a 5,000-task request writes about 25,000). */
export const MAX_TRACE_EVENTS = 50_000;

/** A request's events after `afterId`, oldest first, as the browser sees them. */
export async function findTraceEvents(
  db: PrismaClient,
  requestId: string,
  afterId = 0n,
  limit = MAX_TRACE_EVENTS,
): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  let after = afterId;
  while (events.length < limit) {
    const rows = await db.event.findMany({
      where: { requestId, id: { gt: after } },
      orderBy: { id: 'asc' },
      take: Math.min(EVENT_PAGE, limit - events.length),
      select: { id: true, taskId: true, type: true, payload: true, createdAt: true },
    });
    for (const row of rows) {
      events.push({
        id: row.id.toString(),
        type: row.type,
        taskId: row.taskId,
        payload: row.payload,
        at: row.createdAt.getTime(),
      });
    }
    if (rows.length < EVENT_PAGE) break;
    after = rows.at(-1)!.id;
  }
  return events;
}
