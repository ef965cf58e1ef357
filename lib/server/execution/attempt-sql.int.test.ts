/**
 * The execution SQL module on real PostgreSQL, through the shared pool (PgTx) as the worker runs
 * it: a claim's reads and writes, exactly-once settlement when the same attempt is recorded twice
 * at the same time, and slot booking that never over-books an agent under concurrent claims.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { poolOf } from '@/lib/db/prisma';
import { sqlErrorCode, withPgTx } from '@/lib/db/sql';
import { createTestDb } from '@/lib/testing/db';
import { registerAgent } from '@/lib/testing/execution';
import {
  addRequestSpend,
  bookSlot,
  lockClaim,
  settleAttempt,
  startAttempts,
  takeSlots,
} from './attempt-sql';
import { loadCandidates } from './candidates';
import { lockRequest } from './settle';

const db = createTestDb();
const pool = poolOf(db);

afterAll(async () => {
  await db.$disconnect();
});

let seq = 0;
async function fixture(opts: { slots?: number } = {}) {
  seq += 1;
  const agent = await registerAgent(db, {
    kind: 'webhook',
    endpointUrl: 'http://127.0.0.1:9/unused',
    capabilities: [`cap-${seq}`],
    maxConcurrentTasks: opts.slots ?? 10,
    pricePerCall: 1_500n,
  });
  const request = await db.request.create({
    data: { input: 'sql test', submittedBy: 'test', status: 'running', startedAt: new Date() },
    select: { id: true },
  });
  const dep = await db.task.create({
    data: {
      requestId: request.id,
      ref: 'dep',
      description: 'dep',
      capability: `cap-${seq}`,
      status: 'succeeded',
      output: { words: 2 },
    },
    select: { id: true },
  });
  const task = await db.task.create({
    data: {
      requestId: request.id,
      ref: 'main',
      description: 'count the words',
      capability: `cap-${seq}`,
      status: 'ready',
      input: 'hello world',
    },
    select: { id: true },
  });
  await db.taskDependency.create({ data: { taskId: task.id, dependsOnId: dep.id } });
  return { agent, requestId: request.id, taskId: task.id, capability: `cap-${seq}` };
}

/** Claims the fixture's task as the worker does, returning the started attempt. */
async function claim(f: Awaited<ReturnType<typeof fixture>>) {
  return withPgTx(pool, async (tx) => {
    const now = new Date();
    const { request, ctx } = (await lockClaim(tx, f.taskId))!;
    const [loaded] = await loadCandidates(tx, f.capability);
    const slot = await bookSlot(tx, loaded!, now, { requestId: request.id, inputHash: 'h' });
    expect(slot.ok).toBe(true);
    const {
      calls: [call],
    } = await startAttempts(tx, {
      task: ctx.task,
      booked: [loaded!],
      firstNumber: ctx.maxNumber + 1,
      inputHash: 'h',
      workerId: 'test-worker',
      routing: { strategy: 'capability' },
      estimatedCost: 1_500n,
      now,
      events: (calls) =>
        calls.map((c) => ({
          requestId: request.id,
          taskId: f.taskId,
          type: 'attempt.started' as const,
          payload: { ref: 'main', attempt: c.number },
        })),
    });
    return { call: call!, ctx, request };
  });
}

describe('execution SQL on the shared pool', () => {
  it('reads a claim in one statement: the task, its dependency outputs and the next number', async () => {
    const f = await fixture();
    const { call, ctx, request } = await claim(f);
    expect(request.status).toBe('running');
    expect(ctx.task.status).toBe('ready');
    expect(ctx.context).toEqual([{ ref: 'dep', capability: f.capability, output: { words: 2 } }]);
    expect(ctx.maxNumber).toBe(0);
    expect(call.number).toBe(1);
    expect(call.idempotencyKey).toBe(`${f.taskId}:1`);

    const task = await db.task.findUniqueOrThrow({ where: { id: f.taskId } });
    expect(task).toMatchObject({
      status: 'running',
      attemptCount: 1,
      assignedAgentId: f.agent.id,
      estimatedCost: 1_500n,
    });
    expect(task.startedAt).not.toBeNull();
    const attempt = await db.taskAttempt.findUniqueOrThrow({ where: { id: call.attemptId } });
    expect(attempt).toMatchObject({ status: 'running', number: 1, workerId: 'test-worker' });
    const agent = await db.agent.findUniqueOrThrow({ where: { id: f.agent.id } });
    expect(agent.inFlight).toBe(1);
    const req = await db.request.findUniqueOrThrow({ where: { id: f.requestId } });
    expect(req.attemptCount).toBe(1);
    const events = await db.event.findMany({ where: { requestId: f.requestId } });
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['attempt.started', { ref: 'main', attempt: 1 }],
    ]);
  });

  it('records the same attempt exactly once when two recordings race', async () => {
    const f = await fixture();
    const { call } = await claim(f);
    const result = {
      ok: true as const,
      output: { words: 2 },
      text: '2',
      latencyMs: 12,
      usage: { tokensIn: 10, tokensOut: 5 },
    };
    // Two transactions at once, neither taking the request's lock first: the attempt's own
    // status guard decides, so one settles and the other finds it settled.
    const outcomes = await Promise.all(
      [0, 1].map(() =>
        withPgTx(pool, async (tx) => {
          const outcome = await settleAttempt(tx, {
            requestId: f.requestId,
            taskId: f.taskId,
            attemptId: call.attemptId,
            agentId: f.agent.id,
            result,
            cost: 1_500n,
            now: new Date(),
          });
          // As record.ts: the spend of what this transaction settled, last.
          if (outcome.settled) await addRequestSpend(tx, f.requestId, 1_500n);
          return outcome;
        }),
      ),
    );
    expect(outcomes.map((o) => o.settled).sort()).toEqual([false, true]);
    const ledger = await db.costEntry.findMany({ where: { taskId: f.taskId } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ amount: 1_500n, tokensIn: 10, tokensOut: 5 });
    const req = await db.request.findUniqueOrThrow({ where: { id: f.requestId } });
    expect(req.costTotal).toBe(1_500n);
    const attempt = await db.taskAttempt.findUniqueOrThrow({ where: { id: call.attemptId } });
    expect(attempt).toMatchObject({ status: 'succeeded', latencyMs: 12, output: { words: 2 } });
  });

  it('books at most max_concurrent_tasks slots when claims race for one agent', async () => {
    const f = await fixture({ slots: 3 });
    const now = new Date();
    const bookings = await Promise.all(
      Array.from({ length: 8 }, () =>
        withPgTx(pool, async (tx) => {
          // Each reads the agent as free before any booking commits.
          const [loaded] = await loadCandidates(tx, f.capability);
          return bookSlot(tx, loaded!, now, { requestId: f.requestId, inputHash: 'x' });
        }),
      ),
    );
    expect(bookings.filter((b) => b.ok)).toHaveLength(3);
    expect(bookings.filter((b) => !b.ok).every((b) => !b.ok && b.reason === 'capacity')).toBe(true);
    const agent = await db.agent.findUniqueOrThrow({ where: { id: f.agent.id } });
    expect(agent.inFlight).toBe(3);
  });

  it('counts identical calls of the same agent in the request for loop protection', async () => {
    const f = await fixture();
    await claim(f);
    const identical = await withPgTx(pool, async (tx) => {
      await lockRequest(tx, f.requestId);
      const [loaded] = await loadCandidates(tx, f.capability);
      return bookSlot(tx, loaded!, new Date(), { requestId: f.requestId, inputHash: 'h' });
    });
    expect(identical).toEqual({ ok: true, identicalCalls: 1 });
  });

  it('reads the identical calls again in the statement that takes the slot', async () => {
    const f = await fixture();
    const { call } = await claim(f);
    /** Takes one more slot, recounting the calls of `requestId` except `except`. */
    const takeRecounting = (requestId: string, except: string[] = []) =>
      withPgTx(pool, async (tx) => {
        await lockRequest(tx, requestId);
        const [loaded] = await loadCandidates(tx, f.capability);
        return takeSlots(tx, [loaded!], new Date(), {
          requestId,
          inputHash: 'h',
          agentIds: [f.agent.id],
          except,
        });
      });
    const taken = await takeRecounting(f.requestId);
    expect(taken.refused).toEqual([]);
    expect(Object.fromEntries(taken.identical)).toEqual({ [f.agent.id]: 1 });
    // The same agent asked the same thing in another request does not count for this one.
    const other = await db.request.create({
      data: { input: 'other', submittedBy: 'test', status: 'running' },
      select: { id: true },
    });
    expect(Object.fromEntries((await takeRecounting(other.id)).identical)).toEqual({});
    // The round just started is not counted.
    const excepted = await takeRecounting(f.requestId, [call.attemptId]);
    expect(Object.fromEntries(excepted.identical)).toEqual({});
    const agent = await db.agent.findUniqueOrThrow({ where: { id: f.agent.id } });
    expect(agent.inFlight).toBe(4);
  });

  it('maps a unique violation to one code, whichever client raised it', async () => {
    const f = await fixture();
    const { call } = await claim(f);
    const viaPg = await withPgTx(
      pool,
      (tx) =>
        tx.$executeRaw`INSERT INTO task_attempts (id, task_id, number, idempotency_key)
                     VALUES (gen_random_uuid(), ${f.taskId}::uuid, 99, ${call.idempotencyKey})`,
    ).catch((error: unknown) => error);
    expect(sqlErrorCode(viaPg)).toBe('unique_violation');
    const viaPrisma = await db.taskAttempt
      .create({ data: { taskId: f.taskId, number: 98, idempotencyKey: call.idempotencyKey } })
      .catch((error: unknown) => error);
    expect(sqlErrorCode(viaPrisma)).toBe('unique_violation');
  });

  it('rolls the whole transaction back when a statement fails', async () => {
    const f = await fixture();
    const before = await db.agent.findUniqueOrThrow({ where: { id: f.agent.id } });
    await expect(
      withPgTx(pool, async (tx) => {
        await tx.$executeRaw`UPDATE agents SET in_flight = in_flight + 1 WHERE id = ${f.agent.id}::uuid`;
        await tx.$executeRaw`SELECT 1 / 0`;
      }),
    ).rejects.toThrow(/division by zero/);
    const after = await db.agent.findUniqueOrThrow({ where: { id: f.agent.id } });
    expect(after.inFlight).toBe(before.inFlight);
  });
});
