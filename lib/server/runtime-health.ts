/**
 * The runtime part of `/api/v1/health` (issue 12): the job queue's depth and the task workers seen
 * through their heartbeats (alive: beat within the stale threshold the sweeper uses; stale: the
 * sweeper will release their jobs). Informational: zero workers is a valid setup (BATON_WORKER=0 on a
 * web-only node), so these never turn the health status to 503; a query that fails reports its
 * error instead of failing the endpoint.
 */
import {
  compareMigrations,
  MIGRATIONS_DIR,
  shippedMigrations,
  type MigrationRow,
} from '@/lib/db/migrations';
import { poolOf, type PrismaClient } from '@/lib/db/prisma';
import {
  checkSystemHealth,
  describeDbError,
  type SystemHealth,
} from '@/lib/db/repositories/health';

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

/**
 * How long `/api/v1/health` waits for the database before it answers 503 "database timed out": a
 * probe must get an answer in bounded time, and a database that cannot answer a few counts within
 * a second is not ready to serve (load balancers' probes commonly time out after 1 s themselves).
 */
export const HEALTH_TIMEOUT_MS = 1_000;

export interface HealthReport {
  system: SystemHealth;
  /** Null when the database did not answer. */
  runtime: RuntimeHealth | null;
}

interface HealthRow {
  migrations: MigrationRow[];
  ready: number;
  running: number;
  alive: number;
  stale: number;
  last_sweep: Date | null;
  fresh: number;
}

/**
 * Everything `/api/v1/health` reports about the database in ONE statement and round trip (ADR
 * 0057, addendum "chaos4"): liveness (it answered), the migration rows, the queue's depth and the
 * heartbeats' counts. Under load every sequential await costs a turn of a busy event loop; the
 * five sequential steps this replaces (SELECT 1, the migrations folder, to_regclass, the
 * migration rows, the runtime reads) were most of health's p99. The shipped migrations are
 * listed once per process (shippedMigrations). A database that has no `_prisma_migrations` or
 * `graphile_worker.jobs` yet (a fresh install; a web-only node no worker ever started on) fails
 * the statement with undefined_table / undefined_schema, and then the step-by-step reads report
 * which part is missing. Never throws; bounded by `timeoutMs` ("database timed out").
 */
export async function readHealth(
  db: PrismaClient,
  options: { migrationsDir?: string; timeoutMs?: number } = {},
): Promise<HealthReport> {
  const dir = options.migrationsDir ?? MIGRATIONS_DIR;
  const timeoutMs = options.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const expected = shippedMigrations(dir).then(
    (names) => ({ ok: true as const, names }),
    (error: unknown) => ({ ok: false as const, error: describeDbError(error) }),
  );
  const started = performance.now();
  let row: HealthRow;
  try {
    row = await withDeadline(queryHealthRow(db), timeoutMs);
  } catch (error) {
    if (error === TIMED_OUT) return unreachable('database timed out');
    const code = (error as { code?: unknown })?.code;
    if (code === UNDEFINED_TABLE || code === UNDEFINED_SCHEMA) {
      const fallback = withDeadline(
        (async (): Promise<HealthReport> => {
          const system = await checkSystemHealth(db, dir);
          return { system, runtime: system.database.ok ? await readRuntimeHealth(db) : null };
        })(),
        timeoutMs,
      );
      return fallback.catch(() => unreachable('database timed out'));
    }
    return unreachable(describeDbError(error));
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;
  const shipped = await expected;
  const migrations: SystemHealth['migrations'] = shipped.ok
    ? (() => {
        const state = compareMigrations(shipped.names, row.migrations);
        return { ...state, ok: state.pending.length === 0 && state.failed.length === 0 };
      })()
    : { ok: false, error: shipped.error };
  return {
    system: { ok: migrations.ok, database: { ok: true, latencyMs }, migrations },
    runtime: {
      queue: { ok: true, ready: row.ready, running: row.running },
      workers: { ok: true, alive: row.alive, stale: row.stale, staleAfterMs: STALE_AFTER_MS },
      sweeper: {
        ok: true,
        lastSweepAt: row.last_sweep ? row.last_sweep.toISOString() : null,
        stale: row.alive > 0 && row.fresh === 0,
      },
    },
  };
}

const UNDEFINED_TABLE = '42P01';
const UNDEFINED_SCHEMA = '3F000';
const TIMED_OUT = Symbol('timed out');

function unreachable(error: string): HealthReport {
  return {
    system: {
      ok: false,
      database: { ok: false, latencyMs: null, error },
      migrations: { ok: false, error: 'database unreachable' },
    },
    runtime: null,
  };
}

/** `promise`, or a rejection with TIMED_OUT after `ms` (the work itself is not cancelled). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The statement, on the pool under Prisma's adapter (as lib/db/sql.ts's hot path does): raw pg
 * errors keep their SQLSTATE, and there is no ORM work per call. The same counts as
 * readRuntimeHealth's three reads (worker and sweeper counts share one scan).
 */
async function queryHealthRow(db: PrismaClient): Promise<HealthRow> {
  const { rows } = await poolOf(db).query<HealthRow>(
    `SELECT m.migrations, q.ready, q.running, w.alive, w.stale, w.last_sweep, w.fresh
     FROM (SELECT coalesce(json_agg(json_build_object(
                    'name', migration_name, 'finished', finished_at IS NOT NULL)), '[]'::json)
                  AS migrations
           FROM _prisma_migrations WHERE rolled_back_at IS NULL) m,
          (SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now())::int AS ready,
                  count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running
           FROM graphile_worker.jobs) q,
          (SELECT count(*) FILTER (WHERE heartbeat_at > now() - make_interval(secs => $1::float8))::int AS alive,
                  count(*) FILTER (WHERE heartbeat_at <= now() - make_interval(secs => $1::float8))::int AS stale,
                  max(swept_at) AS last_sweep,
                  count(*) FILTER (WHERE heartbeat_at > now() - make_interval(secs => $1::float8)
                    AND coalesce(swept_at, started_at) > now() - make_interval(
                      secs => $2::int * coalesce(sweep_ms, $3::int) / 1000.0))::int AS fresh
           FROM worker_heartbeats) w`,
    [STALE_AFTER_MS / 1000, SWEEP_STALE_FACTOR, SWEEP_MS],
  );
  return rows[0]!;
}
