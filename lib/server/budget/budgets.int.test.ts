/**
 * Budgets enforced by the real executor: real PostgreSQL, the real queue and worker, agents over
 * real HTTP on loopback (an OpenAI-compatible chat server, webhooks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/lib/db/seed';
import { createTestDb } from '@/lib/testing/db';
import {
  registerAgent,
  startChatServer,
  startWebhookAgent,
  waitFor,
  waitForRequest,
  type TestChatServer,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { decideApproval } from '../execution/control';
import { requestCosts } from './budgets';
import { costsCsv, groupCosts } from './costs';
import { submitRequest, type Submitter } from '../execution/submit';
import { startWorker, type WorkerHandle } from '../execution/worker';

const db = createTestDb();
const submitter: Submitter = { userId: null, label: 'test' };
let worker: WorkerHandle;
const agents: TestWebhookAgent[] = [];
let chat: TestChatServer | undefined;

beforeAll(async () => {
  await seedDemoData(db, { force: true });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 10,
    pollIntervalMs: 50,
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await Promise.all(agents.map((agent) => agent.stop()));
  await chat?.stop();
  await db.$disconnect();
});

let counter = 0;
const unique = (prefix: string) => `${prefix}_${process.pid}_${++counter}`;

async function paidWebhook(capability: string, delayMs = 150) {
  const agent = await startWebhookAgent((call) => ({
    body: { output: `done ${call.input.text}` },
    delayMs,
  }));
  agents.push(agent);
  return registerAgent(db, {
    endpointUrl: agent.url,
    capabilities: [capability],
    maxConcurrentTasks: 20,
    pricePerCall: 1_000_000n,
  });
}

function parallelWorkflow(capability: string, n: number) {
  return {
    workflow: {
      tasks: Array.from({ length: n }, (_, i) => ({
        ref: `t${i}`,
        capability,
        input: `item ${i}`,
        maxAttempts: 1,
      })),
    },
  };
}

describe('the ledger', () => {
  it('holds exactly usage × price for an openai agent, keyed by the attempt', async () => {
    chat = await startChatServer(() => 'forty-two', {
      prompt_tokens: 1_000,
      completion_tokens: 500,
    });
    const capability = unique('answer');
    const agent = await registerAgent(db, {
      kind: 'openai',
      endpointUrl: chat.url,
      config: { model: 'm-1' },
      capabilities: [capability],
      priceInputPerMTok: 3_000_000n, // $3 per 1M input tokens
      priceOutputPerMTok: 15_000_000n, // $15 per 1M output tokens
    });
    const budget = await db.budget.create({
      data: {
        name: unique('agent cap'),
        scope: 'agent',
        scopeId: agent.id,
        limit: 1_000_000n,
        mode: 'warn',
      },
    });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'a', capability, input: 'question' }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const entries = await db.costEntry.findMany({ where: { requestId: id, kind: 'agent' } });
    // 1,000 × $3/M + 500 × $15/M = 3,000 + 7,500 micro-dollars.
    expect(entries.map((e) => [e.amount, e.tokensIn, e.tokensOut, e.capability])).toEqual([
      [10_500n, 1_000, 500, capability],
    ]);
    const attempt = await db.taskAttempt.findFirstOrThrow({ where: { task: { requestId: id } } });
    expect(entries[0]!.attemptId).toBe(attempt.id);
    const reservations = await db.budgetReservation.findMany({ where: { budgetId: budget.id } });
    expect(reservations).toHaveLength(1);
    expect(reservations[0]!.attemptId).toBe(attempt.id);
    expect(reservations[0]!.actual).toBe(10_500n);
    expect(reservations[0]!.settledAt).not.toBeNull();
    const after = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
    expect([after.spent, after.reserved]).toEqual([10_500n, 0n]);
    expect(request.costTotal).toBe(10_500n);
    const costs = await requestCosts(db, id);
    expect(costs).toMatchObject({
      totalMicros: 10_500,
      estimatedMicros: 10_500,
      reportedMicros: 0,
    });
    expect(costs.byKind).toEqual([
      { kind: 'agent', amountMicros: 10_500, reportedMicros: 0, tokensIn: 1_000, tokensOut: 500 },
    ]);
    expect(costs.byTask.map((t) => [t.ref, t.actualMicros])).toEqual([['a', 10_500]]);
  });
});

describe('price tables', () => {
  it('prices an agent that names a model from the price row in effect', async () => {
    const capability = unique('priced');
    const model = unique('model');
    const agent = await registerAgent(db, {
      kind: 'openai',
      endpointUrl: chat!.url,
      config: { model },
      capabilities: [capability],
      priceInputPerMTok: 1n, // overridden by the price table
      priceOutputPerMTok: 1n,
    });
    await db.agent.update({
      where: { id: agent.id },
      data: { priceProvider: 'acme', priceModel: model },
    });
    const day = 86_400_000;
    await db.modelPrice.createMany({
      data: [
        // Older row, superseded; and a future row, not yet in effect.
        {
          provider: 'acme',
          model,
          inputPerMTok: 9n,
          outputPerMTok: 9n,
          effectiveFrom: new Date(Date.now() - 2 * day),
        },
        {
          provider: 'acme',
          model,
          inputPerMTok: 2_000_000n,
          outputPerMTok: 4_000_000n,
          effectiveFrom: new Date(Date.now() - day),
        },
        {
          provider: 'acme',
          model,
          inputPerMTok: 7n,
          outputPerMTok: 7n,
          effectiveFrom: new Date(Date.now() + day),
        },
      ],
    });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'a', capability, input: 'question' }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const entries = await db.costEntry.findMany({ where: { requestId: id, kind: 'agent' } });
    // 1,000 × $2/M + 500 × $4/M = 2,000 + 2,000 micro-dollars.
    expect(entries.map((e) => e.amount)).toEqual([4_000n]);
  });
});

describe('a stop budget under 20 parallel tasks', () => {
  it('never reserves past the limit, cancels the rest and fails the request budget_exceeded', async () => {
    const capability = unique('paid');
    const agent = await paidWebhook(capability, 300);
    const name = unique('five dollars');
    const budget = await db.budget.create({
      data: { name, scope: 'agent', scopeId: agent.id, limit: 5_000_000n, mode: 'stop' },
    });
    const { id } = await submitRequest(db, parallelWorkflow(capability, 20), submitter);
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    expect(request.error).toMatch(/^budget_exceeded: budget '.+' cannot cover/);
    // Calls in flight when the request stopped are aborted, then recorded: wait for them.
    await waitFor(
      async () =>
        (await db.taskAttempt.count({ where: { task: { requestId: id }, status: 'running' } })) ===
        0,
    );

    const reservations = await db.budgetReservation.findMany({ where: { budgetId: budget.id } });
    const reservedTotal = reservations.reduce((sum, r) => sum + r.amount, 0n);
    expect(reservedTotal).toBeLessThanOrEqual(5_000_000n);
    expect(reservations.length).toBeGreaterThan(0);
    expect(reservations.every((r) => r.settledAt !== null)).toBe(true);

    const spent = await db.costEntry.aggregate({
      where: { requestId: id },
      _sum: { amount: true },
    });
    expect(spent._sum.amount ?? 0n).toBeLessThanOrEqual(5_000_000n);
    const after = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
    expect(after.reserved).toBe(0n);
    expect(after.spent).toBe(spent._sum.amount ?? 0n);

    const tasks = await db.task.findMany({ where: { requestId: id } });
    expect(tasks.filter((t) => t.status === 'cancelled').length).toBeGreaterThanOrEqual(15);
    // The refused task says why in its routing explanation.
    const explained = tasks.some((t) =>
      JSON.stringify(t.routing ?? {}).includes(`over budget: ${name}`),
    );
    const events = await db.event.findMany({ where: { requestId: id, type: 'budget.exceeded' } });
    expect(events).toHaveLength(1);
    expect(explained || events.length === 1).toBe(true);
    const thresholds = await db.budgetThresholdEvent.findMany({ where: { budgetId: budget.id } });
    expect(thresholds.map((t) => t.percent).sort((a, b) => a - b)).toEqual(
      [50, 80, 100].filter((p) => (after.spent * 100n) / 5_000_000n >= BigInt(p)),
    );
  });
});

describe('a pause budget', () => {
  it('waits in awaiting_approval with the reason, and resumes after approval', async () => {
    const capability = unique('paused');
    await paidWebhook(capability, 100);
    const name = unique('pause at two');
    const budget = await db.budget.create({
      data: { name, scope: 'capability', capability, limit: 2_000_000n, mode: 'pause' },
    });
    const { id } = await submitRequest(db, parallelWorkflow(capability, 4), submitter);
    const paused = await waitForRequest(db, id, ['awaiting_approval', 'failed', 'succeeded']);
    expect(paused.status).toBe('awaiting_approval');
    expect(paused.error).toContain(`paused by budget '${name}'`);

    // The operator raises the limit and resumes through the approval flow.
    await db.budget.update({ where: { id: budget.id }, data: { limit: 10_000_000n } });
    await decideApproval(db, id, 'approve', 'user:test');
    const done = await waitForRequest(db, id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    const tasks = await db.task.findMany({ where: { requestId: id } });
    expect(tasks.map((t) => t.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const after = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
    expect([after.spent, after.reserved]).toEqual([4_000_000n, 0n]);
  });
});

describe('ledger reads', () => {
  it('groups the window by kind and the CSV export adds up to the same total', async () => {
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 1_000);
    const grouped = await groupCosts(db, { groupBy: 'kind', from, to });
    expect(grouped.totalMicros).toBeGreaterThan(0);
    const byCapability = await groupCosts(db, { groupBy: 'capability', from, to });
    expect(byCapability.totalMicros).toBe(grouped.totalMicros);
    const text = await new Response(costsCsv(db, { from, to })).text();
    const [header, ...lines] = text.trim().split('\n');
    expect(header!.split(',')).toContain('amount_micros');
    const column = header!.split(',').indexOf('amount_micros');
    const total = lines.reduce((sum, line) => sum + Number(line.split(',')[column]), 0);
    expect(total).toBe(grouped.totalMicros);
    expect(lines.length).toBe(grouped.groups.reduce((n, g) => n + g.entries, 0));
  });
});
