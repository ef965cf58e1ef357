/**
 * A worker: graphile-worker's runner with Baton's three jobs, plus liveness. graphile-worker locks
 * every job under its worker *pool's* id (`pool-…`, one per `run()`), so that is the id each process
 * heartbeats into `worker_heartbeats`, and the id the sweeper looks for: jobs locked by a pool whose
 * heartbeat is older than `staleAfterMs` are unlocked (as the queue's `forceUnlockWorkers` does,
 * without counting the cut run as one of the job's attempts), so another worker runs them again
 * (graphile-worker alone would wait hours). A sweeper never releases its own pool's jobs, and
 * sweeps only after its own heartbeats have succeeded for `staleAfterMs` (after a database outage
 * every heartbeat is old, and nobody is dead for that). A worker also sweeps once as it starts,
 * before taking jobs. With the defaults (heartbeat 2 s, stale after 10 s, sweep every 2 s) a dead
 * worker's tasks are dispatched again within about 12 s, plus the job's pickup.
 *
 * A process killed outright is found sooner. Each worker names the queue's connections
 * (`application_name`, recorded with its heartbeat as `session_name`); graphile-worker always holds
 * one of them (its LISTEN connection), and PostgreSQL ends a session as soon as the client's socket
 * closes, which the kernel does when a process dies. A heartbeat more than `deadAfterMs` (4 s) late
 * with no session of its name left is a dead process: its jobs are released then, about 2–4 s
 * after the kill instead of 10. A slow process keeps its sessions, so only the 10 s rule applies
 * to it; a connection that drops while the process lives does not stop its heartbeats (they go
 * through the app's own pool), so both conditions together do not mistake it for dead.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { run, type Runner } from 'graphile-worker';
import type { PrismaClient } from '@/lib/db/prisma';
import { CANCEL_CHANNEL, startNotificationHub } from '../notifications';
import { installOutboundPolicy } from '../outbound-policy';
import { logger } from '@/lib/logger';
import { createExecutionDeps, type ExecutionDeps } from './deps';
import { finishRequest } from './finish';
import { planRequest } from './plan';
import { JOBS, migrateQueue, queueLogger, type JobPayloads } from './queue';
import { runTaskJob } from './run-task';

export interface WorkerOptions {
  db: PrismaClient;
  connectionString: string;
  /** Jobs this process runs at once (the global concurrency limit per worker process). */
  concurrency?: number;
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** How late a heartbeat may be while its process has no session left (see above). */
  deadAfterMs?: number;
  sweepMs?: number;
  /** How often idle workers poll for due jobs (retries scheduled in the future). */
  pollIntervalMs?: number;
  deps?: Partial<ExecutionDeps>;
}

export interface WorkerHandle {
  /** The ids this process locks jobs under (its pool's id: what `locked_by` says). */
  workerIds(): string[];
  /** Lets running calls finish (they are aborted after `graceMs`), then stops. */
  stop(graceMs?: number): Promise<void>;
  /** Unlocks jobs of dead workers now (also runs every `sweepMs`). Returns the ids swept. */
  sweep(): Promise<string[]>;
  /** When the sweeper last ran to the end (null: not yet); also in `worker_heartbeats.swept_at`. */
  lastSweepAt(): Date | null;
}

export const DEFAULT_WORKER_CONCURRENCY = 8;
export const DEFAULT_HEARTBEAT_MS = 2_000;
export const DEFAULT_STALE_AFTER_MS = 10_000;
export const DEFAULT_DEAD_AFTER_MS = 4_000;
export const DEFAULT_SWEEP_MS = 2_000;

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const sweepMs = options.sweepMs ?? DEFAULT_SWEEP_MS;
  const deadAfterMs = Math.min(options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS, staleAfterMs);
  // What this process's queue connections are called (63 bytes at most, PostgreSQL's limit).
  const session = namedConnection(options.connectionString);
  const deps = createExecutionDeps(options.db, options.deps);
  installOutboundPolicy(options.db);
  // Cancellations reach running calls through NOTIFY (one listening connection per worker).
  const notifications = startNotificationHub(options.connectionString, [CANCEL_CHANNEL]);
  const shutdown = new AbortController();
  const ids = new Set<string>();
  const log = logger.child({ component: 'worker' });

  await migrateQueue(options.connectionString);

  // Since when this process's heartbeats have succeeded without a gap (null: the last one failed).
  // A process that has never failed one starts from the database's own uptime instead of its
  // first beat: the gate below exists for outages, and a worker started (or restarted after a
  // kill) while PostgreSQL has long been up has lived through none, so it may sweep at once.
  // Without this, workers replaced faster than `staleAfterMs` never swept (chaos `kills`).
  let healthySince: number | null = null;
  let everFailed = false;
  const beat = async () => {
    const list = [...ids];
    if (list.length === 0) return;
    const host = os.hostname().slice(0, 200);
    try {
      await options.db.$executeRaw`
        INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at, session_name)
        SELECT unnest(${list}::text[]), ${host}, ${process.pid}, now(), now(), ${session.name}
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), session_name = EXCLUDED.session_name`;
      if (healthySince === null) {
        healthySince = Date.now();
        if (!everFailed) {
          // Measured on the database's clock, so the two hosts' clocks need not agree.
          const [row] = await options.db.$queryRaw<{ uptime_ms: number }[]>`
            SELECT (extract(epoch FROM now() - pg_postmaster_start_time()) * 1000)::float8
              AS uptime_ms`;
          healthySince -= Math.max(0, Number(row?.uptime_ms ?? 0));
        }
      }
    } catch (error) {
      healthySince = null;
      everFailed = true;
      throw error;
    }
  };
  const heartbeat = () =>
    void beat().catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));

  // Jobs this process is running now. A job still locked under one of our ids but not in here
  // is an orphan: graphile-worker's release of it (completeJob / failJob, not awaited) failed for
  // good, e.g. on a connection that died with the database. It is unlocked like a dead worker's.
  const activeJobs = new Set<string>();
  const releaseOrphans = async (stale: string) => {
    const rows = await options.db.$queryRaw<{ id: string }[]>`
      UPDATE graphile_worker._private_jobs
      SET locked_by = NULL, locked_at = NULL, run_at = greatest(run_at, now())
      WHERE locked_by = ANY(${[...ids]}::text[]) AND locked_at < now() - ${stale}::interval
        AND NOT (id = ANY(${[...activeJobs]}::bigint[]))
      RETURNING id::text`;
    if (rows.length > 0) {
      log.warn({ jobs: rows.map((row) => row.id) }, 'released jobs left locked by this worker');
    }
  };

  // Whether this process may call other workers dead now. After an outage (ours or the
  // database's) every heartbeat looks old: wait until the live workers have had a full stale
  // window to beat again. Before this process's first heartbeat (the sweep at start-up), the
  // database's uptime decides, as it does for the first beat.
  const mayJudge = async (): Promise<boolean> => {
    if (healthySince !== null) return Date.now() - healthySince >= staleAfterMs;
    if (everFailed) return false;
    const [row] = await options.db.$queryRaw<{ uptime_ms: number }[]>`
      SELECT (extract(epoch FROM now() - pg_postmaster_start_time()) * 1000)::float8 AS uptime_ms`;
    return Number(row?.uptime_ms ?? 0) >= staleAfterMs;
  };

  // Unlocks the jobs of dead pools (what graphile-worker's forceUnlockWorkers does) and gives back
  // the attempt each pickup counted: a job cut by a kill did not fail, and graphile-worker never
  // picks up a job again once `attempts` reaches `max_attempts` (10), so a task whose job was cut
  // ten times was lost for good (chaos `kills`: jobs at 7 attempts after 20 kills). Idle workers
  // are nudged (`jobs:insert`, as add_job does) instead of finding the jobs at their next poll.
  const releaseDead = async (dead: string[]) => {
    const [released] = await options.db.$queryRaw<{ count: number }[]>`
      WITH jobs AS (
        UPDATE graphile_worker._private_jobs
        SET locked_by = NULL, locked_at = NULL, attempts = greatest(attempts - 1, 0)
        WHERE locked_by = ANY(${dead}::text[])
        RETURNING id),
      queues AS (
        UPDATE graphile_worker._private_job_queues SET locked_by = NULL, locked_at = NULL
        WHERE locked_by = ANY(${dead}::text[]))
      SELECT count(*)::int AS count FROM jobs`;
    const count = Number(released?.count ?? 0);
    if (count > 0) {
      await options.db.$executeRaw`
        SELECT pg_notify('jobs:insert', json_build_object('count', ${count}::int)::text)`;
    }
    return count;
  };

  const sweep = async (): Promise<string[]> => {
    if (!(await mayJudge())) return [];
    const stale = `${Math.round(staleAfterMs)} milliseconds`;
    const late = `${Math.round(deadAfterMs)} milliseconds`;
    // Dead: a heartbeat older than the stale window (or none, for a job locked that long), or one
    // that is late while no connection of its process is left.
    const rows = await options.db.$queryRaw<{ locked_by: string }[]>`
      SELECT DISTINCT j.locked_by FROM graphile_worker._private_jobs j
      LEFT JOIN worker_heartbeats h ON h.id = j.locked_by
      WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - ${late}::interval
        AND CASE
          WHEN h.id IS NULL THEN j.locked_at < now() - ${stale}::interval
          WHEN h.heartbeat_at <= now() - ${stale}::interval THEN true
          WHEN h.heartbeat_at > now() - ${late}::interval OR h.session_name IS NULL THEN false
          ELSE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                           WHERE a.application_name = h.session_name)
        END`;
    const dead = rows.map((row) => row.locked_by).filter((id) => !ids.has(id));
    if (dead.length > 0) {
      const jobs = await releaseDead(dead);
      log.warn({ workers: dead, jobs }, 'released the jobs of dead workers');
    }
    if (ids.size > 0) await releaseOrphans(stale);
    await options.db.$executeRaw`
      DELETE FROM worker_heartbeats WHERE heartbeat_at < now() - interval '1 hour'`;
    return dead;
  };

  const handlers = {
    [JOBS.plan]: async (payload: unknown) => {
      await planRequest(deps, (payload as JobPayloads['baton.plan']).requestId);
    },
    [JOBS.task]: async (payload: unknown, helpers: { job: { locked_by: string | null } }) => {
      const lockedBy = helpers.job.locked_by;
      // Belt and braces: whatever id the queue locked this job under is heartbeated from now on.
      if (lockedBy && !ids.has(lockedBy)) {
        ids.add(lockedBy);
        heartbeat();
      }
      await runTaskJob(deps, payload as JobPayloads['baton.task'], {
        workerId: lockedBy ?? 'unknown',
        shutdown: shutdown.signal,
        notifications,
      });
    },
    [JOBS.finish]: async (payload: unknown) => {
      await finishRequest(deps, (payload as JobPayloads['baton.finish']).requestId);
    },
  };

  // A sweep before taking any job: a worker started to replace a dead one releases its jobs at
  // once, and its runner's first fetch takes them (they have the oldest run_at). Waiting for the
  // first timed sweep lost them to the next kill when workers were replaced every few seconds.
  await sweep().catch((error: unknown) => log.warn({ err: error }, 'start-up sweep failed'));

  // The pool is created inside run(), before it returns: listen on our own emitter to see it.
  const events = new EventEmitter() as NonNullable<Parameters<typeof run>[0]['events']>;
  events.on('job:start', ({ job }) => activeJobs.add(String(job.id)));
  events.on('job:complete', ({ job }) => activeJobs.delete(String(job.id)));
  events.on('pool:create', ({ workerPool }) => {
    ids.add(workerPool.id);
    heartbeat();
  });
  const runner: Runner = await run({
    connectionString: session.connectionString,
    events,
    concurrency: options.concurrency ?? DEFAULT_WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1_000,
    logger: queueLogger,
    taskList: handlers as never,
  });
  runner.events.on('job:error', ({ job, error }) => {
    log.error(
      { err: error, job: job.task_identifier, jobId: job.id },
      'job failed; the queue retries it',
    );
  });

  // Health (issue 12): each run that ends without an error is recorded, so /api/v1/health can tell
  // a sweeper that stopped (stale past 3 × sweepMs). A run that waits out the warm-up counts.
  let lastSweepAt: Date | null = null;
  const sweepAndRecord = async () => {
    await sweep();
    const list = [...ids];
    if (list.length > 0) {
      await options.db.$executeRaw`
        UPDATE worker_heartbeats SET swept_at = now(), sweep_ms = ${Math.round(sweepMs)}::int
        WHERE id = ANY(${list}::text[])`;
    }
    lastSweepAt = new Date();
  };
  const timers = [
    setInterval(heartbeat, heartbeatMs),
    setInterval(
      () =>
        void sweepAndRecord().catch((error: unknown) => log.warn({ err: error }, 'sweep failed')),
      sweepMs,
    ),
  ];
  log.info({ concurrency: options.concurrency ?? DEFAULT_WORKER_CONCURRENCY }, 'worker started');

  let stopped: Promise<void> | null = null;
  return {
    workerIds: () => [...ids],
    sweep,
    lastSweepAt: () => lastSweepAt,
    stop(graceMs = 10_000) {
      stopped ??= (async () => {
        timers.forEach(clearInterval);
        const abortTimer = setTimeout(() => shutdown.abort(), graceMs);
        try {
          await runner.stop();
        } finally {
          clearTimeout(abortTimer);
          shutdown.abort();
          const list = [...ids];
          if (list.length > 0) {
            await options.db
              .$executeRaw`DELETE FROM worker_heartbeats WHERE id = ANY(${list}::text[])`.catch(
              () => {},
            );
          }
          await notifications.stop();
          log.info('worker stopped');
        }
      })();
      return stopped;
    },
  };
}

/**
 * The connection string with an `application_name` unique to this process, and that name; the
 * name is null (the sweeper then waits out the stale window) when the string is not a URL.
 */
export function namedConnection(connectionString: string): {
  connectionString: string;
  name: string | null;
} {
  const name = `baton-worker-${process.pid}-${randomBytes(8).toString('hex')}`;
  try {
    const url = new URL(connectionString);
    url.searchParams.set('application_name', name);
    return { connectionString: url.toString(), name };
  } catch {
    return { connectionString, name: null };
  }
}
