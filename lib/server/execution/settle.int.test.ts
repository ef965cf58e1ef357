/**
 * Promotion on real PostgreSQL: when a task succeeds, exactly the dependents whose last dependency
 * it was become ready — each with one `task.ready` event and one queued job — using the
 * pending-dependency counter, not a reload of the graph. Graphs are written straight into the
 * tables (a 1,000-wide fan-in is past the workflow schema's size cap) and no worker runs, so the
 * queued jobs stay where the test can see them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import { inTx } from './deps';
import { startRequest } from './plan';
import {
  checkRequestProgress,
  lockRequest,
  promoteDependentsOf,
  promoteReadyTasks,
} from './settle';

const db = createTestDb();

afterAll(async () => {
  await db.$disconnect();
});

/** A running request with tasks `refs` and edges `[task, dependsOn]`, counters not yet set. */
async function graph(refs: string[], edges: [string, string][]) {
  const request = await db.request.create({
    data: {
      input: 'promotion test',
      submittedBy: 'test',
      status: 'running',
      startedAt: new Date(),
    },
    select: { id: true },
  });
  const created = await db.task.createManyAndReturn({
    data: refs.map((ref) => ({
      requestId: request.id,
      ref,
      description: ref,
      capability: 'noop',
    })),
    select: { id: true, ref: true },
  });
  const id = new Map(created.map((t) => [t.ref, t.id]));
  await db.taskDependency.createMany({
    data: edges.map(([task, dep]) => ({ taskId: id.get(task)!, dependsOnId: id.get(dep)! })),
  });
  return { requestId: request.id, id };
}

/** What an executor does when `ref` succeeds: mark it, then promote its direct dependents. */
async function succeed(requestId: string, taskId: string): Promise<string[]> {
  return inTx(db, async (tx) => {
    await lockRequest(tx, requestId);
    await tx.task.update({ where: { id: taskId }, data: { status: 'succeeded' } });
    return promoteDependentsOf(tx, requestId, taskId);
  });
}

async function statuses(requestId: string): Promise<Record<string, string>> {
  const rows = await db.task.findMany({
    where: { requestId },
    select: { ref: true, status: true },
  });
  return Object.fromEntries(rows.map((r) => [r.ref, r.status]));
}

async function readyEvents(requestId: string): Promise<string[]> {
  const rows = await db.event.findMany({
    where: { requestId, type: 'task.ready' },
    orderBy: { id: 'asc' },
    select: { payload: true },
  });
  return rows.map((r) => (r.payload as { ref: string }).ref);
}

async function queuedTaskJobs(taskIds: string[]): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM graphile_worker.jobs
    WHERE task_identifier = 'baton.task' AND key = ANY(${taskIds.map((t) => `task:${t}`)}::text[])`;
  return row!.n;
}

describe('promotion', () => {
  it('a diamond: d becomes ready only after both b and c succeed, with one event and one job', async () => {
    const { requestId, id } = await graph(
      ['a', 'b', 'c', 'd'],
      [
        ['b', 'a'],
        ['c', 'a'],
        ['d', 'b'],
        ['d', 'c'],
      ],
    );
    expect(await inTx(db, (tx) => promoteReadyTasks(tx, requestId))).toEqual(['a']);
    expect(await statuses(requestId)).toEqual({
      a: 'ready',
      b: 'pending',
      c: 'pending',
      d: 'pending',
    });

    expect((await succeed(requestId, id.get('a')!)).sort()).toEqual(['b', 'c']);
    expect(await succeed(requestId, id.get('b')!)).toEqual([]);
    expect((await statuses(requestId)).d).toBe('pending');
    expect(await succeed(requestId, id.get('c')!)).toEqual(['d']);

    expect(await statuses(requestId)).toMatchObject({ d: 'ready' });
    const events = await readyEvents(requestId);
    expect(events.filter((ref) => ref === 'd')).toHaveLength(1);
    expect([...events].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(await queuedTaskJobs([id.get('d')!])).toBe(1);
    const counters = await db.task.findMany({
      where: { requestId },
      select: { pendingDeps: true },
    });
    expect(counters.every((t) => t.pendingDeps === 0)).toBe(true);
  });

  it('a 1,000-wide fan-in: the join becomes ready on the last success, not before', async () => {
    const width = 1_000;
    const leaves = Array.from({ length: width }, (_, i) => `leaf${i}`);
    const { requestId, id } = await graph(
      [...leaves, 'join'],
      leaves.map((leaf): [string, string] => ['join', leaf]),
    );
    expect(await inTx(db, (tx) => promoteReadyTasks(tx, requestId))).toHaveLength(width);
    expect((await db.task.findUniqueOrThrow({ where: { id: id.get('join')! } })).pendingDeps).toBe(
      width,
    );

    for (const leaf of leaves.slice(0, -1)) {
      expect(await succeed(requestId, id.get(leaf)!)).toEqual([]);
    }
    const join = await db.task.findUniqueOrThrow({ where: { id: id.get('join')! } });
    expect({ status: join.status, pendingDeps: join.pendingDeps }).toEqual({
      status: 'pending',
      pendingDeps: 1,
    });
    expect(await succeed(requestId, id.get(leaves.at(-1)!)!)).toEqual(['join']);
    expect((await statuses(requestId)).join).toBe('ready');
    expect((await readyEvents(requestId)).filter((ref) => ref === 'join')).toHaveLength(1);
    expect(await queuedTaskJobs([id.get('join')!])).toBe(1);
  });

  it('a dependent an operator already skipped is counted down but not started', async () => {
    const { requestId, id } = await graph(['a', 'b'], [['b', 'a']]);
    await inTx(db, (tx) => promoteReadyTasks(tx, requestId));
    await db.task.update({ where: { id: id.get('b')! }, data: { status: 'skipped' } });
    expect(await succeed(requestId, id.get('a')!)).toEqual([]);
    expect(await statuses(requestId)).toEqual({ a: 'succeeded', b: 'skipped' });
    expect(await queuedTaskJobs([id.get('b')!])).toBe(0);
  });
});

describe('progress', () => {
  it('queues the finish job once every task is terminal, and not before', async () => {
    const { requestId, id } = await graph(['a', 'b'], [['b', 'a']]);
    await inTx(db, (tx) => promoteReadyTasks(tx, requestId));
    const finishJobs = async () => {
      const [row] = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${`finish:${requestId}`}`;
      return row!.n;
    };
    await succeed(requestId, id.get('a')!);
    await inTx(db, (tx) => checkRequestProgress(tx, requestId, new Date()));
    expect(await finishJobs()).toBe(0);
    await succeed(requestId, id.get('b')!);
    await inTx(db, (tx) => checkRequestProgress(tx, requestId, new Date()));
    expect(await finishJobs()).toBe(1);
  });

  it('fails a request that can no longer move, naming what waits on what', async () => {
    const { requestId, id } = await graph(['a', 'b'], [['b', 'a']]);
    await inTx(db, (tx) => promoteReadyTasks(tx, requestId));
    // a failed without its dependents being skipped: b can never start.
    await db.task.update({ where: { id: id.get('a')! }, data: { status: 'failed' } });
    await inTx(db, (tx) => checkRequestProgress(tx, requestId, new Date()));
    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe('failed');
    expect(request.error).toContain("'b'");
  });
});

describe('start', () => {
  it('queues each task a plan makes ready once (no second add replacing the first)', async () => {
    const refs = Array.from({ length: 20 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const { requestId, id } = await graph(
      [...refs, 'join'],
      refs.map((ref) => ['join', ref]),
    );
    await db.request.update({ where: { id: requestId }, data: { status: 'planning' } });
    await inTx(db, (tx) => startRequest(tx, requestId, new Date()));
    const jobs = await db.$queryRaw<{ key: string; revision: number }[]>`
      SELECT key, revision FROM graphile_worker.jobs
      WHERE task_identifier = 'baton.task'
        AND key = ANY(${[...id.values()].map((t) => `task:${t}`)}::text[])`;
    // The 20 roots, each added once (a replaced job's revision counts the adds after the first).
    expect(jobs).toHaveLength(20);
    expect(jobs.filter((job) => job.revision !== 0)).toEqual([]);
    expect(await readyEvents(requestId)).toEqual(refs);
  });
});
