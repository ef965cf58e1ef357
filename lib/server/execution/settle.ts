/**
 * State changes of a request's task graph, each inside the caller's transaction (which holds the
 * request's row lock — `FOR UPDATE` for plan and operator actions, `FOR NO KEY UPDATE` for a task's
 * record, taken with its first event: see attempt-sql.ts for the lock order): starting ready tasks,
 * skipping the dependents of a failed task, noticing that every task is finished (then the finish
 * job synthesizes the result), a runtime deadlock, and stopping a request. Every change appends its
 * event.
 */
import {
  blockedBy,
  type RequestStatus,
  type RoutingStrategy,
  type TaskProgress,
  type TaskStatus,
} from '@/lib/engine';
import { appendEvents, EVENTS_CHANNEL, type NewEvent } from './events';
import { enqueueJob, enqueueTaskJobs, finishJobKey, JOB_MAX_ATTEMPTS, JOBS } from './queue';
import type { SqlTx } from '@/lib/db/sql';
import { Prisma } from '@/lib/db/generated/prisma/client';

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

export async function loadGraph(tx: SqlTx, requestId: string) {
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

/**
 * Recounts every task's unsatisfied dependencies (`pending_deps`) in one statement. For the rare
 * paths that change many statuses at once — a plan written, an operator's retry or skip un-skipping
 * a subtree — after which the counters are rebuilt rather than adjusted.
 */
export async function recountPendingDeps(tx: SqlTx, requestId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE tasks t SET pending_deps = COALESCE((
      SELECT count(*)::int FROM task_dependencies td JOIN tasks d ON d.id = td.depends_on_id
      WHERE td.task_id = t.id AND d.status NOT IN ('succeeded', 'skipped')
    ), 0)
    WHERE t.request_id = ${requestId}::uuid`;
}

/**
 * Marks every pending task of the request whose dependencies are satisfied as ready and enqueues
 * it (after recounting: for plan start and operator actions, not the per-task path).
 */
export async function promoteReadyTasks(tx: SqlTx, requestId: string): Promise<string[]> {
  await recountPendingDeps(tx, requestId);
  const ready = await tx.$queryRaw<{ id: string; ref: string }[]>`
    UPDATE tasks SET status = 'ready'
    WHERE request_id = ${requestId}::uuid AND status = 'pending' AND pending_deps = 0
    RETURNING id, ref`;
  if (ready.length === 0) return [];
  ready.sort((a, b) => (a.id < b.id ? -1 : 1));
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

/**
 * After `taskId` succeeded (or was skipped): one statement decrements the pending-dependency
 * counter of its direct dependents only, marks those whose last dependency this was as ready,
 * appends their `task.ready` events and enqueues their jobs — O(direct dependents), whatever the
 * size of the graph. Runs under the request's row lock (its events' ids: events.ts), and once per
 * task (recording is exactly once), so a counter never goes below zero (a CHECK says so too).
 */
export async function promoteDependentsOf(
  tx: SqlTx,
  requestId: string,
  taskId: string,
): Promise<string[]> {
  // The dependents are locked in id order and read as locked (not as the statement's snapshot):
  // two dependencies of one task may be recorded at the same time (a fan-in), and each must see
  // the other's decrement, or neither would see the counter reach its last dependency.
  const rows = await tx.$queryRaw<{ ref: string }[]>`
    WITH dependents AS (
      SELECT t.id, t.status AS was, t.pending_deps AS before
      FROM tasks t
      WHERE t.id IN (SELECT task_id FROM task_dependencies WHERE depends_on_id = ${taskId}::uuid)
      ORDER BY t.id
      FOR UPDATE OF t
    ), counted AS (
      UPDATE tasks t
      SET pending_deps = t.pending_deps - 1,
          status = CASE WHEN d.before = 1 AND d.was = 'pending'
                        THEN 'ready'::task_status ELSE t.status END
      FROM dependents d
      WHERE t.id = d.id
      RETURNING t.id, t.ref, d.was, d.before
    ), ready AS (
      SELECT id, ref FROM counted WHERE was = 'pending' AND before = 1
    ), logged AS (
      INSERT INTO events (request_id, task_id, type, payload)
      SELECT ${requestId}::uuid, id, 'task.ready', jsonb_build_object('ref', ref)
      FROM (SELECT id, ref FROM ready ORDER BY id) ordered
      RETURNING 1
    )
    SELECT ref, (graphile_worker.add_job(
      ${JOBS.task}::text,
      json_build_object('taskId', id),
      max_attempts := ${JOB_MAX_ATTEMPTS}::int,
      job_key := 'task:' || id
    )).id AS job_id,
    -- Identical notifications in one transaction are delivered once.
    pg_notify(${EVENTS_CHANNEL}, ${requestId})::text AS notified
    FROM ready ORDER BY id`;
  return rows.map((row) => row.ref);
}

/** Every task that (transitively) depends on `taskId`. */
export async function descendantsOf(
  tx: SqlTx,
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
  tx: SqlTx,
  requestId: string,
  task: { id: string; ref: string; status: TaskStatus },
  now: Date,
): Promise<void> {
  const candidates = (await descendantsOf(tx, task.id)).filter((row) =>
    OPEN_STATUSES.includes(row.status),
  );
  if (candidates.length === 0) return;
  const error = `${CASCADE_SKIP_PREFIX}dependency '${task.ref}' ${task.status}`;
  // Locked in id order, and only those still open once locked are skipped and logged.
  const open = await tx.$queryRaw<{ id: string; ref: string }[]>`
    WITH locked AS (
      SELECT id FROM tasks
      WHERE id = ANY(${candidates.map((row) => row.id)}::uuid[])
        AND status = ANY(${OPEN_STATUSES}::task_status[])
      ORDER BY id FOR UPDATE
    )
    UPDATE tasks t SET status = 'skipped', error = ${error}, finished_at = ${now}, updated_at = now()
    FROM locked WHERE t.id = locked.id
    RETURNING t.id, t.ref`;
  if (open.length === 0) return;
  open.sort((a, b) => (a.id < b.id ? -1 : 1));
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
 * Whether a request has open tasks, tasks running (or about to), and pending tasks with no
 * dependency left: what decides, after a task ended, between finishing, waiting and a deadlock.
 */
export interface RequestProgress {
  open: boolean;
  active: boolean;
  startable: boolean;
}

/**
 * RequestProgress of the request `requestId`, as a query. Existence checks on the
 * (request_id, status) index, not counts: a count walked every task of the request on every
 * record, O(n²) over an n-task fan-out. `startable` (a scan of the pending tasks) is read only when
 * it can matter, with open tasks and none active (false otherwise).
 */
export const progressQuery = (requestId: string) => Prisma.sql`
  SELECT o.open, o.active,
         CASE WHEN o.open AND NOT o.active
              THEN EXISTS (SELECT 1 FROM tasks WHERE request_id = ${requestId}::uuid
                           AND status = 'pending' AND pending_deps = 0)
              ELSE false END AS startable
  FROM (SELECT EXISTS (SELECT 1 FROM tasks WHERE request_id = ${requestId}::uuid
                       AND status = ANY('{pending,ready,running,retrying}'::task_status[])) AS open,
               EXISTS (SELECT 1 FROM tasks WHERE request_id = ${requestId}::uuid
                       AND status = ANY('{ready,running,retrying}'::task_status[])) AS active) o`;

/**
 * After a task reached a terminal state: enqueues the finish job when every task is terminal, or
 * fails the request when it is deadlocked (nothing running, nothing can start, not finished). One
 * aggregate over the request's tasks; the graph is loaded only to explain a deadlock.
 */
export async function checkRequestProgress(tx: SqlTx, requestId: string, now: Date): Promise<void> {
  // Two tasks of the request may end at the same time, each seeing the other still running: the
  // count runs under the request's row lock, in its own statement (a snapshot taken after it), so
  // the later of the two sees both ended.
  await tx.$executeRaw`SELECT 1 FROM requests WHERE id = ${requestId}::uuid FOR NO KEY UPDATE`;
  const [progress] = await tx.$queryRaw<RequestProgress[]>(progressQuery(requestId));
  await actOnProgress(tx, requestId, progress, now);
}

/**
 * checkRequestProgress's decision, on progress read under the request's row lock in a statement
 * that began after the lock was taken (the record reads them with the agents it is about to
 * release: attempt-sql.ts lockAgentsAndProgress).
 */
export async function actOnProgress(
  tx: SqlTx,
  requestId: string,
  progress: RequestProgress | undefined,
  now: Date,
): Promise<void> {
  if (!progress || !progress.open) {
    await enqueueJob(tx, JOBS.finish, { requestId }, { jobKey: finishJobKey(requestId) });
    return;
  }
  if (progress.active || progress.startable) return;
  const deadlock = blockedBy(toProgress(await loadGraph(tx, requestId)), {
    satisfiedBy: SATISFIED_BY,
  });
  if (deadlock) await stopRequest(tx, requestId, 'failed', deadlock.message, now);
}

/**
 * Ends a request now (cancel, reject, deadline, loop protection, deadlock): open tasks are
 * cancelled; running tasks are marked cancelled too, and their workers see it within
 * the NOTIFY the status change sends (`baton_cancel`, a trigger) as it commits, abort the call and
 * send CancelTask to remote agents.
 */
export async function stopRequest(
  tx: SqlTx,
  requestId: string,
  status: 'failed' | 'cancelled',
  reason: string,
  now: Date,
  extraEvents: NewEvent[] = [],
): Promise<void> {
  // The request `FOR UPDATE` first (callers that hold it already: a no-op): it waits for the
  // claims and records in flight (they hold the row in share mode) and keeps new ones out, so no
  // task it is about to lock is locked by one of them.
  await lockRequest(tx, requestId);
  const open = await tx.$queryRaw<{ id: string; ref: string; status: TaskStatus }[]>`
    WITH open AS (
      SELECT id, status FROM tasks
      WHERE request_id = ${requestId}::uuid
        AND status = ANY(${[...OPEN_STATUSES, 'running']}::task_status[])
      ORDER BY id FOR UPDATE
    )
    UPDATE tasks t SET status = 'cancelled', error = ${`Request ${status}: ${reason}`},
                       finished_at = ${now}, updated_at = now()
    FROM open WHERE t.id = open.id
    RETURNING t.id, t.ref, open.status`;
  open.sort((a, b) => (a.id < b.id ? -1 : 1));
  await tx.$executeRaw`
    UPDATE requests SET status = ${status}::request_status, error = ${reason}, finished_at = ${now},
                        updated_at = now()
    WHERE id = ${requestId}::uuid`;
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
export async function lockRequest(tx: SqlTx, requestId: string) {
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
