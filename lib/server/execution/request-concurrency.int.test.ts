/**
 * Tasks of one request claim and record at the same time (ADR 0020, 2026-12-08), on real
 * PostgreSQL through the shared pool as the worker runs them: a claim does not wait for another
 * task's record; the request's events still commit in id order (a live view that has read id N
 * never misses a lower id); a fan-in whose leaves are recorded all at once starts its join once and
 * finishes the request once; stopping a request waits for the claims in flight.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { poolOf } from '@/lib/db/prisma';
import { PgTx, withPgTx } from '@/lib/db/sql';
import { createTestDb } from '@/lib/testing/db';
import { lockAgentsAndProgress, lockClaim, lockRecord, writeTaskStatus } from './attempt-sql';
import { appendEvents } from './events';
import { actOnProgress, promoteDependentsOf, promoteReadyTasks, stopRequest } from './settle';
import { inTx } from './deps';

const db = createTestDb();
const pool = poolOf(db);

afterAll(async () => {
  await db.$disconnect();
});

/** A transaction left open for the test to commit: BEGIN on a connection of the shared pool. */
async function openTx() {
  const client = await pool.connect();
  await client.query('BEGIN');
  return {
    tx: new PgTx(client),
    commit: async () => {
      await client.query('COMMIT');
      client.release();
    },
    rollback: async () => {
      await client.query('ROLLBACK');
      client.release();
    },
  };
}

/** A running request with tasks `refs` (all pending) and edges `[task, dependsOn]`. */
async function graph(refs: string[], edges: [string, string][] = []) {
  const request = await db.request.create({
    data: { input: 'concurrency', submittedBy: 'test', status: 'running', startedAt: new Date() },
    select: { id: true },
  });
  const created = await db.task.createManyAndReturn({
    data: refs.map((ref) => ({ requestId: request.id, ref, description: ref, capability: 'noop' })),
    select: { id: true, ref: true },
  });
  const id = new Map(created.map((t) => [t.ref, t.id]));
  await db.taskDependency.createMany({
    data: edges.map(([task, dep]) => ({ taskId: id.get(task)!, dependsOnId: id.get(dep)! })),
  });
  await inTx(db, (tx) => promoteReadyTasks(tx, request.id));
  return { requestId: request.id, id };
}

const statusOf = async (taskId: string) =>
  (await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } })).status;

/** Whether `promise` settled within `ms`, or was still waiting (on a lock). */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<'settled' | 'waiting'> {
  return Promise.race([
    promise.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms)),
  ]);
}

/** Queued finish jobs of the request (the job key makes it at most one). */
async function finishJobs(requestId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${`finish:${requestId}`}`;
  return row!.n;
}

/**
 * A task's record as record.ts runs it, for a task that succeeded: lock, status, promote, then the
 * progress counts in the record's last read (with the agents it releases: none here).
 */
async function recordSuccess(requestId: string, taskId: string, ref: string) {
  await withPgTx(pool, async (tx) => {
    await tx.$executeRaw`UPDATE tasks SET status = 'running' WHERE id = ${taskId}::uuid`;
    const locked = await lockRecord(tx, requestId, taskId);
    expect(locked?.taskStatus).toBe('running');
    await writeTaskStatus(
      tx,
      { id: taskId, request_id: requestId, ref, status: 'running' },
      'succeeded',
      new Date(),
      {
        output: ref,
      },
    );
    await promoteDependentsOf(tx, requestId, taskId);
    const { progress } = await lockAgentsAndProgress(tx, requestId, [], true);
    await actOnProgress(tx, requestId, progress, new Date());
  });
}

describe('tasks of one request, at the same time', () => {
  it("a claim does not wait for another task's record of the same request", async () => {
    const { requestId, id } = await graph(['a', 'b']);
    const recording = await openTx();
    try {
      expect(await lockRecord(recording.tx, requestId, id.get('a')!)).toBeDefined();
      // Before ADR 0020's 2026-12-08 change both took the request FOR UPDATE: this waited.
      const claim = withPgTx(pool, async (tx) => {
        await tx.$executeRaw`SET LOCAL lock_timeout = '2s'`;
        return lockClaim(tx, id.get('b')!);
      });
      await expect(claim).resolves.toMatchObject({ ctx: { task: { ref: 'b' } } });
    } finally {
      await recording.rollback();
    }
  });

  it("a request's events commit in id order: a second writer waits for the first to commit", async () => {
    const { requestId, id } = await graph(['a', 'b']);
    const first = await openTx();
    await appendEvents(first.tx, [{ requestId, taskId: id.get('a')!, type: 'task.waiting' }]);
    const second = await openTx();
    const writing = appendEvents(second.tx, [
      { requestId, taskId: id.get('b')!, type: 'task.waiting' },
    ]);
    try {
      // Had the second drawn its id and committed first, a reader at its id would skip the first's.
      expect(await settledWithin(writing, 500)).toBe('waiting');
      await first.commit();
      await writing;
      await second.commit();
    } catch (error) {
      await second.rollback().catch(() => {});
      throw error;
    }
    const events = await db.event.findMany({
      where: { requestId, type: 'task.waiting' },
      orderBy: { id: 'asc' },
      select: { taskId: true },
    });
    expect(events.map((e) => e.taskId)).toEqual([id.get('a'), id.get('b')]);
  });

  it('a 100-wide fan-in recorded all at once starts its join once and queues one finish', async () => {
    const width = 100;
    const leaves = Array.from({ length: width }, (_, i) => `leaf${i}`);
    const { requestId, id } = await graph(
      [...leaves, 'join'],
      leaves.map((leaf): [string, string] => ['join', leaf]),
    );
    await Promise.all(leaves.map((leaf) => recordSuccess(requestId, id.get(leaf)!, leaf)));

    const join = await db.task.findUniqueOrThrow({ where: { id: id.get('join')! } });
    expect({ status: join.status, pendingDeps: join.pendingDeps }).toEqual({
      status: 'ready',
      pendingDeps: 0,
    });
    const ready = await db.event.count({
      where: { requestId, taskId: id.get('join')!, type: 'task.ready' },
    });
    expect(ready).toBe(1);
    // The join still runs, so the request is not finished yet; then the join's record finishes it.
    expect(await finishJobs(requestId)).toBe(0);
    await recordSuccess(requestId, id.get('join')!, 'join');
    expect(await finishJobs(requestId)).toBe(1);
  });

  it('the last two tasks recorded at the same time queue the finish job (neither misses the other)', async () => {
    for (let round = 0; round < 10; round++) {
      const { requestId, id } = await graph(['a', 'b']);
      await Promise.all([
        recordSuccess(requestId, id.get('a')!, 'a'),
        recordSuccess(requestId, id.get('b')!, 'b'),
      ]);
      expect(await finishJobs(requestId)).toBe(1);
    }
  });

  it('stopping a request waits for a claim in flight, then cancels its task too', async () => {
    const { requestId, id } = await graph(['a', 'b']);
    const claiming = await openTx();
    expect(await lockClaim(claiming.tx, id.get('a')!)).toBeDefined();
    const stopping = withPgTx(pool, (tx) =>
      stopRequest(tx, requestId, 'cancelled', 'operator', new Date()),
    );
    try {
      expect(await settledWithin(stopping, 500)).toBe('waiting');
    } finally {
      await claiming.commit();
    }
    await stopping;
    expect(await statusOf(id.get('a')!)).toBe('cancelled');
    expect(await statusOf(id.get('b')!)).toBe('cancelled');
  });
});
