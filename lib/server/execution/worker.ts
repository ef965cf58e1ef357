/**
 * A worker: graphile-worker's runner with Baton's three jobs, plus liveness. Every process that runs
 * one heartbeats each of its queue workers into `worker_heartbeats`; every worker also sweeps: jobs
 * locked by a worker whose heartbeat is older than `staleAfterMs` are unlocked with the queue's own
 * `forceUnlockWorkers`, so another worker runs them again (graphile-worker alone would wait hours).
 * With the defaults (heartbeat 5 s, stale after 15 s, sweep every 5 s) a dead worker's tasks are
 * dispatched again within 20 s, plus the job's pickup.
 */
import os from 'node:os';
import { makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import type { PrismaClient } from '@/lib/db/prisma';
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
  sweepMs?: number;
  /** How often idle workers poll for due jobs (retries scheduled in the future). */
  pollIntervalMs?: number;
  deps?: Partial<ExecutionDeps>;
}

export interface WorkerHandle {
  /** The queue worker ids of this process (what `locked_by` says). */
  workerIds(): string[];
  /** Lets running calls finish (they are aborted after `graceMs`), then stops. */
  stop(graceMs?: number): Promise<void>;
  /** Unlocks jobs of dead workers now (also runs every `sweepMs`). Returns the ids swept. */
  sweep(): Promise<string[]>;
}

export const DEFAULT_WORKER_CONCURRENCY = 8;

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleAfterMs = options.staleAfterMs ?? 15_000;
  const sweepMs = options.sweepMs ?? 5_000;
  const deps = createExecutionDeps(options.db, options.deps);
  const shutdown = new AbortController();
  const ids = new Set<string>();
  const log = logger.child({ component: 'worker' });

  await migrateQueue(options.connectionString);
  const utils: WorkerUtils = await makeWorkerUtils({
    connectionString: options.connectionString,
    logger: queueLogger,
  });

  const beat = async () => {
    const list = [...ids];
    if (list.length === 0) return;
    const host = os.hostname().slice(0, 200);
    await options.db.$executeRaw`
      INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at)
      SELECT unnest(${list}::text[]), ${host}, ${process.pid}, now(), now()
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`;
  };

  const sweep = async (): Promise<string[]> => {
    const stale = `${Math.round(staleAfterMs)} milliseconds`;
    const rows = await options.db.$queryRaw<{ locked_by: string }[]>`
      SELECT DISTINCT j.locked_by FROM graphile_worker._private_jobs j
      WHERE j.locked_by IS NOT NULL AND j.locked_at < now() - ${stale}::interval
        AND NOT EXISTS (SELECT 1 FROM worker_heartbeats h
                        WHERE h.id = j.locked_by AND h.heartbeat_at > now() - ${stale}::interval)`;
    const dead = rows.map((row) => row.locked_by).filter((id) => !ids.has(id));
    if (dead.length > 0) {
      await utils.forceUnlockWorkers(dead);
      log.warn({ workers: dead }, 'released the jobs of dead workers');
    }
    await options.db.$executeRaw`
      DELETE FROM worker_heartbeats WHERE heartbeat_at < now() - interval '1 hour'`;
    return dead;
  };

  const handlers = {
    [JOBS.plan]: async (payload: unknown) => {
      await planRequest(deps, (payload as JobPayloads['baton.plan']).requestId);
    },
    [JOBS.task]: async (payload: unknown, helpers: { job: { locked_by: string | null } }) => {
      await runTaskJob(deps, payload as JobPayloads['baton.task'], {
        workerId: helpers.job.locked_by ?? 'unknown',
        shutdown: shutdown.signal,
      });
    },
    [JOBS.finish]: async (payload: unknown) => {
      await finishRequest(deps, (payload as JobPayloads['baton.finish']).requestId);
    },
  };

  const runner: Runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency ?? DEFAULT_WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 1_000,
    logger: queueLogger,
    taskList: handlers as never,
  });
  runner.events.on('worker:create', ({ worker }) => {
    ids.add(worker.workerId);
    void beat().catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
  });
  runner.events.on('job:error', ({ job, error }) => {
    log.error(
      { err: error, job: job.task_identifier, jobId: job.id },
      'job failed; the queue retries it',
    );
  });

  const timers = [
    setInterval(
      () => void beat().catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed')),
      heartbeatMs,
    ),
    setInterval(
      () => void sweep().catch((error: unknown) => log.warn({ err: error }, 'sweep failed')),
      sweepMs,
    ),
  ];
  log.info({ concurrency: options.concurrency ?? DEFAULT_WORKER_CONCURRENCY }, 'worker started');

  let stopped: Promise<void> | null = null;
  return {
    workerIds: () => [...ids],
    sweep,
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
          await utils.release();
          log.info('worker stopped');
        }
      })();
      return stopped;
    },
  };
}
