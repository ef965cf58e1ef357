/**
 * A worker that has never lost the database may sweep as soon as it starts: a worker started (or
 * restarted after a kill) while PostgreSQL has long been up releases a dead worker's jobs at once,
 * before it takes any, instead of waiting out its own stale window. Workers replaced faster than
 * that window used to never sweep, and a killed worker's calls waited minutes to be sent again
 * (chaos `kills`). After a database restart the wait still applies (db-restart.int.test.ts).
 * A released job gets back the attempt its cut run counted: graphile-worker never picks a job up
 * again once `attempts` reaches `max_attempts`, so a job cut that often was lost for good.
 */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import { waitFor } from '@/lib/testing/execution';
import {
  DEFAULT_DEAD_AFTER_MS,
  DEFAULT_STALE_AFTER_MS,
  namedConnection,
  startWorker,
  type WorkerHandle,
} from './worker';

const db = createTestDb();
let worker: WorkerHandle | undefined;

afterAll(async () => {
  await worker?.stop(1_000);
  await db.$disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForUptime() {
  // The database must have been up longer than the stale window, as in production.
  const [uptime] = await db.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM now() - pg_postmaster_start_time()) * 1000)::float8 AS ms`;
  const wait = DEFAULT_STALE_AFTER_MS + 1_000 - Number(uptime!.ms);
  if (wait > 0) await sleep(wait);
}

/**
 * A dead worker (heartbeat an hour old) holding one job locked an hour ago, picked up `attempts`
 * times. The job's task identifier has no handler, so once unlocked nobody runs it and the test
 * can read it back.
 */
async function deadWorkerJob(
  dead: string,
  attempts: number,
  { lateMs = 3_600_000, sessionName = null as string | null } = {},
): Promise<string> {
  const late = `${lateMs} milliseconds`;
  await db.$executeRaw`
    INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at, session_name)
    VALUES (${dead}, 'gone', 1, now() - interval '2 hours', now() - ${late}::interval,
            ${sessionName})`;
  const [added] = await db.$queryRaw<{ id: string }[]>`
    SELECT (graphile_worker.add_job('sweeper.test.orphan', '{}'::json, max_attempts := 10)).id::text
      AS id`;
  await db.$executeRaw`
    UPDATE graphile_worker._private_jobs
    SET locked_by = ${dead}, locked_at = now() - ${late}::interval, attempts = ${attempts}::int
    WHERE id = ${added!.id}::bigint`;
  return added!.id;
}

/** Sweeps until the sweeper names `dead` among the workers it released, for at most `ms`. */
async function sweptWithin(dead: string, ms: number) {
  await waitFor(
    async () => (await worker!.sweep()).includes(dead),
    ms,
    `the sweeper to name ${dead} dead`,
  );
}

async function readJob(id: string) {
  const [job] = await db.$queryRaw<
    { locked_by: string | null; attempts: number; is_available: boolean }[]
  >`SELECT locked_by, attempts, is_available FROM graphile_worker._private_jobs
    WHERE id = ${id}::bigint`;
  return job;
}

it('a starting worker releases a dead worker’s job before its first timed sweep', async () => {
  await waitForUptime();
  const dead = 'pool-dead-sweeper-test';
  const jobId = await deadWorkerJob(dead, 3);

  const startedAt = Date.now();
  // No timed sweep during the test (10 min): only the one at start-up can release the job.
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 1,
    sweepMs: 10 * 60_000,
  });
  // Released by the time startWorker returns, well inside the 10 s stale window, and the cut run
  // does not count as one of the job's attempts.
  expect(Date.now() - startedAt).toBeLessThan(DEFAULT_STALE_AFTER_MS);
  expect(await readJob(jobId)).toEqual({ locked_by: null, attempts: 2, is_available: true });
  // The sweeper's own runs go on as before: nothing else is dead.
  expect(await worker.sweep()).toEqual([]);
});

it('a job cut as many times as its max_attempts runs again', async () => {
  // Picked up the 10th time (attempts = max_attempts) by a worker that was then killed: unlocked
  // the way graphile-worker's forceUnlockWorkers does it, it would never be picked up again.
  const dead = 'pool-dead-tenth-kill';
  const jobId = await deadWorkerJob(dead, 10);
  expect(await readJob(jobId)).toMatchObject({ is_available: false });
  await sweptWithin(dead, 5_000);
  expect(await readJob(jobId)).toEqual({ locked_by: null, attempts: 9, is_available: true });
});

it('a worker whose heartbeat is late and whose sessions are gone is dead before the stale window', async () => {
  // 6 s late: past the 4 s a dead process is allowed, well inside the 10 s stale window.
  const lateMs = DEFAULT_DEAD_AFTER_MS + 2_000;
  expect(lateMs).toBeLessThan(DEFAULT_STALE_AFTER_MS);
  const { connectionString, name } = namedConnection(process.env.DATABASE_URL!);
  // The "process" is alive while its named connection is open: a slow worker, not a dead one.
  const alive = new pg.Client({ connectionString });
  await alive.connect();
  const dead = 'pool-killed-outright';
  const jobId = await deadWorkerJob(dead, 1, { lateMs, sessionName: name });
  try {
    expect(await worker!.sweep()).not.toContain(dead);
    expect(await readJob(jobId)).toMatchObject({ locked_by: dead });
  } finally {
    await alive.end();
  }
  // Killed: its last session ends (PostgreSQL may take a moment to drop the backend).
  await sweptWithin(dead, 3_000);
  expect(await readJob(jobId)).toEqual({ locked_by: null, attempts: 0, is_available: true });
});

it('a running worker names its queue connections as its heartbeat says', async () => {
  const [row] = await db.$queryRaw<{ sessions: number }[]>`
    SELECT count(*)::int AS sessions FROM worker_heartbeats h
    JOIN pg_stat_activity a ON a.application_name = h.session_name
    WHERE h.id = ANY(${worker!.workerIds()}::text[])`;
  // graphile-worker's LISTEN connection at least, for as long as the process lives.
  expect(row!.sessions).toBeGreaterThan(0);
});
