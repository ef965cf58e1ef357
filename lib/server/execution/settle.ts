/**
 * State changes of a request's task graph, each inside the caller's transaction (which holds the
 * request's row lock): starting ready tasks, skipping the dependents of a failed task, noticing that
 * every task is finished (then the finish job synthesizes the result), a runtime deadlock, and
 * stopping a request. Every change appends its event.
 */
import type { Prisma } from '@/lib/db/generated/prisma/client';
import {
  TERMINAL_TASK_STATUSES,
  blockedBy,
  readyTasks,
  type RequestStatus,
  type RoutingStrategy,
  type TaskProgress,
  type TaskStatus,
} from '@/lib/engine';
import { appendEvents, type NewEvent } from './events';
import { enqueueJob, enqueueTaskJobs, finishJobKey, JOBS } from './queue';

/** A dependency lets its dependents start when it succeeded or an operator skipped it. */
export const SATISFIED_BY: readonly TaskStatus[] = ['succeeded', 'skipped'];

/** `error` of a task skipped because a dependency failed (an operator's retry un-skips these). */
export const CASCADE_SKIP_PREFIX = 'Not run: ';

const OPEN_STATUSES: TaskStatus[] = ['pending', 'ready', 'retrying'];

interface GraphRow {
  id: string;
  ref: string;
  status: TaskStatus;
  error: string | null;
  dependsOn: string[];
}

export async function loadGraph(tx: Prisma.TransactionClient, requestId: string) {
  const rows = await tx.$queryRaw<GraphRow[]>`
    SELECT t.id, t.ref, t.status, t.error,
           COALESCE(array_agg(d.ref ORDER BY d.ref) FILTER (WHERE d.ref IS NOT NULL), '{}') AS "dependsOn"
    FROM tasks t
    LEFT JOIN task_dependencies td ON td.task_id = t.id
    LEFT JOIN tasks d ON d.id = td.depends_on_id
    WHERE t.request_id = ${requestId}::uuid
    GROUP BY t.id
    ORDER BY t.id`;
  return rows;
}

const toProgress = (rows: readonly GraphRow[]): TaskProgress[] =>
  rows.map((row) => ({ ref: row.ref, status: row.status, dependsOn: row.dependsOn }));

/** Marks every pending task whose dependencies are satisfied as ready and enqueues it. */
export async function promoteReadyTasks(
  tx: Prisma.TransactionClient,
  requestId: string,
): Promise<string[]> {
  const graph = await loadGraph(tx, requestId);
  const refs = new Set(readyTasks(toProgress(graph), { satisfiedBy: SATISFIED_BY }));
  const ready = graph.filter((row) => refs.has(row.ref));
  if (ready.length === 0) return [];
  await tx.task.updateMany({
    where: { id: { in: ready.map((row) => row.id) }, status: 'pending' },
    data: { status: 'ready' },
  });
  await enqueueTaskJobs(
    tx,
    ready.map((row) => row.id),
  );
  await appendEvents(
    tx,
    ready.map((row) => ({
      requestId,
      taskId: row.id,
      type: 'task.ready',
      payload: { ref: row.ref },
    })),
  );
  return ready.map((row) => row.ref);
}

/** Every task that (transitively) depends on `taskId`. */
export async function descendantsOf(
  tx: Prisma.TransactionClient,
  taskId: string,
): Promise<{ id: string; ref: string; status: TaskStatus; error: string | null }[]> {
  return tx.$queryRaw`
    WITH RECURSIVE down(id) AS (
      SELECT task_id FROM task_dependencies WHERE depends_on_id = ${taskId}::uuid
      UNION
      SELECT td.task_id FROM task_dependencies td JOIN down ON td.depends_on_id = down.id
    )
    SELECT t.id, t.ref, t.status, t.error FROM tasks t JOIN down ON down.id = t.id ORDER BY t.id`;
}

/** Skips the open dependents of a task that failed, was cancelled or was skipped by cascade. */
export async function skipDependents(
  tx: Prisma.TransactionClient,
  requestId: string,
  task: { id: string; ref: string; status: TaskStatus },
  now: Date,
): Promise<void> {
  const open = (await descendantsOf(tx, task.id)).filter((row) =>
    OPEN_STATUSES.includes(row.status),
  );
  if (open.length === 0) return;
  const error = `${CASCADE_SKIP_PREFIX}dependency '${task.ref}' ${task.status}`;
  await tx.task.updateMany({
    where: { id: { in: open.map((row) => row.id) }, status: { in: OPEN_STATUSES } },
    data: { status: 'skipped', error, finishedAt: now },
  });
  await appendEvents(
    tx,
    open.map((row) => ({
      requestId,
      taskId: row.id,
      type: 'task.skipped',
      payload: { ref: row.ref, reason: error },
    })),
  );
}

/**
 * After a task reached a terminal state: enqueues the finish job when every task is terminal, or
 * fails the request when it is deadlocked (nothing running, nothing can start, not finished).
 */
export async function checkRequestProgress(
  tx: Prisma.TransactionClient,
  requestId: string,
  now: Date,
): Promise<void> {
  const graph = await loadGraph(tx, requestId);
  const terminal = TERMINAL_TASK_STATUSES as readonly TaskStatus[];
  if (graph.every((row) => terminal.includes(row.status))) {
    await enqueueJob(tx, JOBS.finish, { requestId }, { jobKey: finishJobKey(requestId) });
    return;
  }
  const deadlock = blockedBy(toProgress(graph), { satisfiedBy: SATISFIED_BY });
  if (deadlock) await stopRequest(tx, requestId, 'failed', deadlock.message, now);
}

/**
 * Ends a request now (cancel, reject, deadline, loop protection, deadlock): open tasks are
 * cancelled; running tasks are marked cancelled too, and their workers see it within
 * `cancelPollMs`, abort the call and send CancelTask to remote agents.
 */
export async function stopRequest(
  tx: Prisma.TransactionClient,
  requestId: string,
  status: 'failed' | 'cancelled',
  reason: string,
  now: Date,
  extraEvents: NewEvent[] = [],
): Promise<void> {
  const open = await tx.task.findMany({
    where: { requestId, status: { in: [...OPEN_STATUSES, 'running'] } },
    select: { id: true, ref: true, status: true },
  });
  if (open.length > 0) {
    await tx.task.updateMany({
      where: { id: { in: open.map((task) => task.id) } },
      data: { status: 'cancelled', error: `Request ${status}: ${reason}`, finishedAt: now },
    });
  }
  await tx.request.update({
    where: { id: requestId },
    data: { status, error: reason, finishedAt: now },
  });
  await appendEvents(tx, [
    ...extraEvents,
    ...open.map((task): NewEvent => ({
      requestId,
      taskId: task.id,
      type: 'task.cancelled',
      payload: { ref: task.ref, was: task.status, reason },
    })),
    {
      requestId,
      type: status === 'failed' ? 'request.failed' : 'request.cancelled',
      payload: { reason },
    },
  ]);
}

/** Locks the request row (every change to a request's graph holds it, so they never interleave). */
export async function lockRequest(tx: Prisma.TransactionClient, requestId: string) {
  const [row] = await tx.$queryRaw<
    {
      id: string;
      status: RequestStatus;
      strategy: RoutingStrategy;
      budget_limit_micros: bigint | null;
      cost_total_micros: bigint;
      attempt_count: number;
      deadline_at: Date | null;
    }[]
  >`SELECT id, status, strategy, budget_limit_micros, cost_total_micros, attempt_count, deadline_at
    FROM requests WHERE id = ${requestId}::uuid FOR UPDATE`;
  return row;
}
