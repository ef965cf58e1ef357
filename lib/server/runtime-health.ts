/**
 * The runtime part of `/api/v1/health` (issue 12): the job queue's depth and the task workers seen
 * through their heartbeats (alive: beat within the stale threshold the sweeper uses; stale: the
 * sweeper will release their jobs). Informational: zero workers is a valid setup (BATON_WORKER=0 on a
 * web-only node), so these never turn the health status to 503; a query that fails reports its
 * error instead of failing the endpoint.
 */
import type { PrismaClient } from '@/lib/db/prisma';

/**
 * execution/worker.ts's STALE_AFTER_MS, repeated so the health route does not load the
 * worker runtime (the integration test keeps the two equal).
 */
export const STALE_AFTER_MS = 10_000;
/** execution/worker.ts's DEFAULT_SWEEP_MS (for rows that have not recorded their own interval). */
export const SWEEP_MS = 2_000;
/** The sweeper is stale when no alive worker's sweeper ran within this many of its intervals. */
export const SWEEP_STALE_FACTOR = 3;

export interface RuntimeHealth {
  queue: { ok: true; ready: number; running: number } | { ok: false; error: string };
  workers:
    { ok: true; alive: number; stale: number; staleAfterMs: number } | { ok: false; error: string };
  /**
   * The sweeper (issue 12): the latest successful run of any worker's sweeper, and `stale` when
   * workers are alive but none of their sweepers ran within 3 × its interval (a fresh worker is
   * given that long from its start). No alive workers: not stale (a web-only node is valid).
   */
  sweeper: { ok: true; lastSweepAt: string | null; stale: boolean } | { ok: false; error: string };
}

export async function readRuntimeHealth(db: PrismaClient): Promise<RuntimeHealth> {
  const [queue, workers, sweeper] = await Promise.all([
    db.$queryRaw<{ ready: number; running: number }[]>`
      SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now())::int AS ready,
             count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running
      FROM graphile_worker.jobs`.then(
      ([row]) => ({ ok: true as const, ready: row?.ready ?? 0, running: row?.running ?? 0 }),
      () => ({ ok: false as const, error: 'the job queue could not be read' }),
    ),
    db.$queryRaw<{ alive: number; stale: number }[]>`
      SELECT count(*) FILTER (WHERE heartbeat_at > now() - make_interval(secs => ${STALE_AFTER_MS / 1000}))::int AS alive,
             count(*) FILTER (WHERE heartbeat_at <= now() - make_interval(secs => ${STALE_AFTER_MS / 1000}))::int AS stale
      FROM worker_heartbeats`.then(
      ([row]) => ({
        ok: true as const,
        alive: row?.alive ?? 0,
        stale: row?.stale ?? 0,
        staleAfterMs: STALE_AFTER_MS,
      }),
      () => ({ ok: false as const, error: 'worker heartbeats could not be read' }),
    ),
    db.$queryRaw<{ last: Date | null; alive: number; fresh: number }[]>`
      SELECT max(swept_at) AS last,
             count(*) FILTER (WHERE heartbeat_at > now() - make_interval(secs => ${STALE_AFTER_MS / 1000}))::int AS alive,
             count(*) FILTER (WHERE heartbeat_at > now() - make_interval(secs => ${STALE_AFTER_MS / 1000})
               AND coalesce(swept_at, started_at) > now() - make_interval(
                 secs => ${SWEEP_STALE_FACTOR} * coalesce(sweep_ms, ${SWEEP_MS}) / 1000.0))::int AS fresh
      FROM worker_heartbeats`.then(
      ([row]) => ({
        ok: true as const,
        lastSweepAt: row?.last ? row.last.toISOString() : null,
        stale: (row?.alive ?? 0) > 0 && (row?.fresh ?? 0) === 0,
      }),
      () => ({ ok: false as const, error: 'the sweeper state could not be read' }),
    ),
  ]);
  return { queue, workers, sweeper };
}
