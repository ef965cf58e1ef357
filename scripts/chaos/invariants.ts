/**
 * What every chaos run must leave behind, checked by SQL on the database itself: each request ends
 * exactly once, no task is lost or recorded twice, no cost or reservation counted twice, every
 * agent slot given back. Each check is a count of violations; all must be 0.
 */
import type { PrismaClient } from '@/lib/db/prisma';

export interface Invariants {
  requests: number;
  tasks: number;
  /** Requests not in a terminal state, plus tasks neither succeeded nor finally failed. */
  lost: number;
  /** Tasks with more than one succeeded attempt or more than one `task.succeeded` event. */
  doubled: number;
  /** Requests whose terminal events are not exactly one. */
  terminalEventsNotOne: number;
  /** Attempts with more than one reservation on a budget, or ledger rows priced twice. */
  costDoubled: number;
  /** Reservations still held, and budgets whose `reserved` is not 0. */
  reservationsHeld: number;
  /** Agents whose in-flight count is not back to 0. */
  slotsHeld: number;
  /** Budgets whose `spent` differs from the sum of their settled reservations. */
  spentMismatch: number;
}

export const violations = (inv: Invariants) =>
  inv.lost +
  inv.doubled +
  inv.terminalEventsNotOne +
  inv.costDoubled +
  inv.reservationsHeld +
  inv.slotsHeld +
  inv.spentMismatch;

export async function checkInvariants(db: PrismaClient): Promise<Invariants> {
  const one = async (query: Promise<{ n: bigint }[]>) => Number((await query)[0]?.n ?? 0n);
  const [requests, tasks] = await Promise.all([db.request.count(), db.task.count()]);
  const lostRequests = await one(db.$queryRaw`
    SELECT count(*) AS n FROM requests WHERE status NOT IN ('succeeded', 'failed', 'cancelled')`);
  const lostTasks = await one(db.$queryRaw`
    SELECT count(*) AS n FROM tasks t JOIN requests r ON r.id = t.request_id
    WHERE t.status NOT IN ('succeeded', 'failed', 'cancelled', 'skipped')
       OR (r.status = 'succeeded' AND t.status <> 'succeeded')`);
  const doubled = await one(db.$queryRaw`
    SELECT count(*) AS n FROM tasks t
    WHERE (SELECT count(*) FROM task_attempts a WHERE a.task_id = t.id AND a.status = 'succeeded') > 1
       OR (SELECT count(*) FROM events e WHERE e.task_id = t.id AND e.type = 'task.succeeded') > 1
       OR (t.status = 'succeeded' AND
           (SELECT count(*) FROM events e WHERE e.task_id = t.id AND e.type = 'task.succeeded') <> 1)`);
  const terminalEventsNotOne = await one(db.$queryRaw`
    SELECT count(*) AS n FROM requests r
    WHERE (SELECT count(*) FROM events e WHERE e.request_id = r.id
           AND e.type IN ('request.succeeded', 'request.failed', 'request.cancelled')) <> 1`);
  const costDoubled = await one(db.$queryRaw`
    SELECT (SELECT count(*) FROM (SELECT 1 FROM budget_reservations
                                  GROUP BY budget_id, attempt_id HAVING count(*) > 1) d)
         + (SELECT count(*) FROM (SELECT 1 FROM cost_entries WHERE attempt_id IS NOT NULL
                                  GROUP BY attempt_id HAVING count(*) > 1) c) AS n`);
  const reservationsHeld = await one(db.$queryRaw`
    SELECT (SELECT count(*) FROM budget_reservations WHERE settled_at IS NULL)
         + (SELECT count(*) FROM budgets WHERE reserved_micros <> 0) AS n`);
  const slotsHeld = await one(db.$queryRaw`
    SELECT count(*) AS n FROM agents WHERE in_flight <> 0`);
  const spentMismatch = await one(db.$queryRaw`
    SELECT count(*) AS n FROM budgets b
    WHERE b.spent_micros <> (SELECT coalesce(sum(actual_micros), 0) FROM budget_reservations r
                             WHERE r.budget_id = b.id AND r.settled_at IS NOT NULL)`);
  return {
    requests,
    tasks,
    lost: lostRequests + lostTasks,
    doubled,
    terminalEventsNotOne,
    costDoubled,
    reservationsHeld,
    slotsHeld,
    spentMismatch,
  };
}
