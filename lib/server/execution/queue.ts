/**
 * The durable job queue (ADR 0011): graphile-worker on the same PostgreSQL. Jobs are added with its
 * SQL function `graphile_worker.add_job` inside Baton's own transactions, so a task's state change and
 * the job that acts on it commit or roll back together. Workers wake on LISTEN/NOTIFY.
 *
 * Baton's jobs are idempotent: each re-reads the rows it acts on under a lock and does nothing when
 * the work is already done, so a job delivered twice (a worker died after doing the work but before
 * graphile-worker marked the job complete) changes nothing.
 */
import { Logger as GraphileLogger, runMigrations, type LogLevel } from 'graphile-worker';
// Not in the package's index, but part of its published build (the package has no `exports` map).
import { RETRYABLE_ERROR_CODES } from 'graphile-worker/dist/lib.js';
import { logger } from '@/lib/logger';
import type { SqlTx } from '@/lib/db/sql';

export const JOBS = {
  /** Plans a submitted request into tasks. Payload `{ requestId }`. */
  plan: 'baton.plan',
  /** Runs the next attempt of one task. Payload `{ taskId }`. */
  task: 'baton.task',
  /** Synthesizes the result of a request whose tasks are all finished. Payload `{ requestId }`. */
  finish: 'baton.finish',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface JobPayloads {
  'baton.plan': { requestId: string };
  'baton.task': { taskId: string; waits?: number };
  'baton.finish': { requestId: string };
}

export interface EnqueueOptions {
  /** Not before this time (retry backoff). Default now. */
  runAt?: Date;
  /**
   * Deduplicates: while a job with this key waits, adding another replaces it (graphile-worker's
   * `replace` mode), so a task never has two queued jobs.
   */
  jobKey?: string;
  /** Lower runs first. Default 0. */
  priority?: number;
}

/**
 * Graphile-worker marks a job done or failed *after* the handler returns, without awaiting it, and
 * retries that only on serialization failures and a few socket errors. A database restart (the
 * server refuses connections, or ends the session with 57P01) would reject it unhandled — crashing
 * the worker process — and leave the job locked for hours. Connection loss is retried too, with a
 * backoff capped at 5 s, so the job is released as soon as the database is back (ADR 0056).
 * Both statements are idempotent (they match on `locked_by`), so a repeat is harmless.
 */
export const QUEUE_CONNECTION_RETRY_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '08000',
  '08001',
  '08003',
  '08006',
] as const;
for (const code of QUEUE_CONNECTION_RETRY_CODES) {
  RETRYABLE_ERROR_CODES[code] ??= { minDelay: 250, maxDelay: 5_000 };
}

/** Graphile-worker's own retries, for handler crashes only (Baton schedules task retries itself). */
export const JOB_MAX_ATTEMPTS = 10;

/** Adds a job inside the caller's transaction. */
export async function enqueueJob<N extends JobName>(
  tx: SqlTx,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<void> {
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      ${name}::text,
      ${JSON.stringify(payload)}::json,
      run_at := ${options.runAt ?? null}::timestamptz,
      max_attempts := ${JOB_MAX_ATTEMPTS}::int,
      job_key := ${options.jobKey ?? null}::text,
      priority := ${options.priority ?? 0}::int
    )`;
}

/** One `baton.task` job per task id, in one statement (a plan's first wave can be 200 tasks). */
export async function enqueueTaskJobs(tx: SqlTx, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      ${JOBS.task}::text,
      json_build_object('taskId', id),
      max_attempts := ${JOB_MAX_ATTEMPTS}::int,
      job_key := 'task:' || id
    )
    FROM unnest(${taskIds as string[]}::text[]) AS id`;
}

/** The key that keeps at most one queued job per task. */
export const taskJobKey = (taskId: string) => `task:${taskId}`;
export const finishJobKey = (requestId: string) => `finish:${requestId}`;

/** Graphile-worker's log lines, through Baton's pino logger. */
export const queueLogger = new GraphileLogger((scope) => {
  const child = logger.child({ component: 'queue', ...scope });
  return (level: LogLevel, message: string) => {
    if (level === 'error') child.error(message);
    else if (level === 'warning') child.warn(message);
    // Its info lines are per job ("Completed task 12 …"): debug for Baton.
    else child.debug(message);
  };
});

/** Creates or upgrades the queue's schema (`graphile_worker`). Idempotent and quick when current. */
export async function migrateQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: queueLogger });
}
