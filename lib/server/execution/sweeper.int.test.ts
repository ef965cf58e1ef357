/**
 * A worker that has never lost the database may sweep as soon as it starts: a worker started (or
 * restarted after a kill) while PostgreSQL has long been up releases a dead worker's jobs at once,
 * instead of waiting out its own stale window. Workers replaced faster than that window used to
 * never sweep, and a killed worker's calls waited minutes to be sent again (chaos `kills`).
 * After a database restart the wait still applies (db-restart.int.test.ts).
 */
import { afterAll, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import { waitFor } from '@/lib/testing/execution';
import { DEFAULT_STALE_AFTER_MS, startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
let worker: WorkerHandle | undefined;

afterAll(async () => {
  await worker?.stop(1_000);
  await db.$disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('a fresh worker releases a dead worker’s job well inside its stale window', async () => {
  // The database must have been up longer than the stale window, as in production.
  const [uptime] = await db.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM now() - pg_postmaster_start_time()) * 1000)::float8 AS ms`;
  const wait = DEFAULT_STALE_AFTER_MS + 1_000 - Number(uptime!.ms);
  if (wait > 0) await sleep(wait);

  // A dead worker: its heartbeat an hour old, a job still locked under its id. The job's task
  // identifier has no handler, so once unlocked nobody runs it and the test can read it back.
  const dead = 'pool-dead-sweeper-test';
  await db.$executeRaw`
    INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at)
    VALUES (${dead}, 'gone', 1, now() - interval '2 hours', now() - interval '1 hour')`;
  const [added] = await db.$queryRaw<{ id: string }[]>`
    SELECT (graphile_worker.add_job('sweeper.test.orphan', '{}'::json)).id::text AS id`;
  const jobId = added!.id;
  await db.$executeRaw`
    UPDATE graphile_worker._private_jobs
    SET locked_by = ${dead}, locked_at = now() - interval '1 hour'
    WHERE id = ${jobId}::bigint`;

  const startedAt = Date.now();
  // An automatic sweep would race the manual one below: only the manual one runs in this test.
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 1,
    sweepMs: 10 * 60_000,
  });
  await waitFor(
    async () => (await db.workerHeartbeat.count({ where: { id: { not: dead } } })) > 0,
    5_000,
    'the fresh worker’s first heartbeat',
  );

  // Within 3 s of starting, well inside the 10 s stale window, the fresh worker's sweep names the
  // dead worker and the job is free again.
  let swept: string[] = [];
  await waitFor(
    async () => {
      swept = await worker!.sweep();
      return swept.length > 0;
    },
    3_000,
    'the fresh worker to sweep',
  );
  expect(Date.now() - startedAt).toBeLessThan(DEFAULT_STALE_AFTER_MS);
  expect(swept).toEqual([dead]);
  const [job] = await db.$queryRaw<{ locked_by: string | null }[]>`
    SELECT locked_by FROM graphile_worker._private_jobs WHERE id = ${jobId}::bigint`;
  expect(job?.locked_by).toBeNull();
});
