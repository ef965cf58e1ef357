/**
 * Crash test: `kill -9` of a worker process (`npm run worker`'s script) while its tasks run. A
 * second worker notices the dead one through the heartbeats, takes its jobs back, and every request
 * reaches exactly one terminal state with no task lost and no task result recorded twice. Uses the
 * default liveness settings, so it also shows the "dispatched again within 30 s" promise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import {
  registerAgent,
  startWebhookAgent,
  waitFor,
  waitForRequest,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { submitRequest } from './submit';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const db = createTestDb();
const children: ChildProcess[] = [];
let agent: TestWebhookAgent;

function startWorkerProcess(name: string): ChildProcess {
  // One process (tsx as a loader, not tsx's CLI, which would run the worker in a child): kill -9
  // must hit the worker itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BATON_SECRET_KEY: 'crash-test-secret-key-0123456789abcdef-0123456789',
      BATON_WORKER_CONCURRENCY: '4',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL' && signal !== 'SIGTERM') {
      console.error(`worker ${name} exited ${code ?? signal}:\n${output}`);
    }
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  // Each call takes 1.5 s, so the worker is killed with calls in flight.
  agent = await startWebhookAgent((call) => ({
    body: { output: `done: ${call.input.text}` },
    delayMs: 1_500,
  }));
  await registerAgent(db, {
    endpointUrl: agent.url,
    capabilities: ['crunch'],
    maxConcurrentTasks: 16,
    pricePerCall: 1_000n,
  });
  // A budget covering every call: the dead worker's reservations must not stay held (issue 9).
  await db.budget.create({
    data: { name: 'crash global', scope: 'global', limit: 1_000_000n, mode: 'stop' },
  });
});

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

afterAll(async () => {
  const live = children.filter(running);
  const exited = live.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of live) child.kill('SIGTERM');
  await Promise.all(exited);
  await agent?.stop();
  await db.$disconnect();
});

it(
  'recovers every task of a worker killed with -9, recording each result once',
  { timeout: 120_000 },
  async () => {
    const first = startWorkerProcess('first');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await submitRequest(
        db,
        {
          workflow: {
            tasks: [
              { ref: 'a', capability: 'crunch', input: `r${i}a` },
              { ref: 'b', capability: 'crunch', input: `r${i}b` },
              { ref: 'c', capability: 'crunch', input: `r${i}c`, dependsOn: ['a', 'b'] },
            ],
          },
        },
        { userId: null, label: 'crash-test' },
      );
      ids.push(id);
    }
    // Wait until the first worker has calls in flight, then kill it without warning.
    await waitFor(
      async () => agent.calls.filter((c) => !c.answeredAt).length >= 3,
      60_000,
      'calls in flight',
    );
    const inFlight = await db.taskAttempt.count({ where: { status: 'running' } });
    expect(inFlight).toBeGreaterThanOrEqual(3);
    const callsBeforeKill = agent.calls.length;
    const keysInFlight = new Set(
      agent.calls.filter((c) => !c.answeredAt).map((c) => c.idempotencyKey),
    );
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => first.once('exit', resolve));

    startWorkerProcess('second');
    // The dead worker's tasks are dispatched again within 30 s.
    await waitFor(
      async () => agent.calls.slice(callsBeforeKill).some((c) => c.receivedAt > killedAt),
      30_000,
      'a dead worker’s task to be dispatched again',
    );
    expect(Date.now() - killedAt).toBeLessThan(30_000);

    for (const id of ids) {
      const request = await waitForRequest(db, id, undefined, 60_000);
      expect(request.status, request.error ?? '').toBe('succeeded');
    }
    const tasks = await db.task.findMany({
      where: { requestId: { in: ids } },
      include: { attempts: true },
    });
    expect(tasks).toHaveLength(12);
    for (const task of tasks) {
      expect(task.status).toBe('succeeded');
      // Exactly one recorded result per task, and no attempt used up by the crash: the dead
      // worker's attempts were sent again as the same attempts.
      expect(task.attempts.map((a) => a.status)).toEqual(['succeeded']);
      expect(task.output).toBe(`done: ${String(task.input)}`);
    }
    // Every call cut off by the kill went out again with its original idempotency key (the
    // webhook contract's promise), and no call after the kill carried a new key for that work.
    const resent = agent.calls
      .slice(callsBeforeKill)
      .filter((c) => keysInFlight.has(c.idempotencyKey));
    expect(new Set(resent.map((c) => c.idempotencyKey))).toEqual(keysInFlight);
    // Attempts claimed but not yet sent when the worker died are re-delivered too, so the
    // re-delivered set holds every call that was in flight (and perhaps a few more).
    const redelivered = new Set(
      tasks
        .flatMap((t) => t.attempts)
        .filter((a) => a.redeliveries > 0)
        .map((a) => a.idempotencyKey),
    );
    for (const key of keysInFlight) expect(redelivered).toContain(key);
    for (const call of agent.calls.slice(callsBeforeKill)) {
      expect(call.idempotencyKey).toMatch(/:1$/);
    }
    for (const id of ids) {
      const terminal = await db.event.count({
        where: {
          requestId: id,
          type: { in: ['request.succeeded', 'request.failed', 'request.cancelled'] },
        },
      });
      expect(terminal).toBe(1);
      const succeeded = await db.event.groupBy({
        by: ['taskId'],
        where: { requestId: id, type: 'task.succeeded' },
        _count: { _all: true },
      });
      expect(succeeded.map((g) => g._count._all)).toEqual([1, 1, 1]);
    }
    // The slots the dead worker held were given back.
    const row = await db.agent.findFirstOrThrow({ where: { endpointUrl: agent.url } });
    expect(row.inFlight).toBe(0);
    // Budgets: one reservation per attempt, each settled once; nothing held, no cost counted twice.
    const budget = await db.budget.findFirstOrThrow({ where: { name: 'crash global' } });
    const reservations = await db.budgetReservation.findMany({ where: { budgetId: budget.id } });
    expect(reservations).toHaveLength(12);
    expect(reservations.every((r) => r.settledAt !== null && r.actual === 1_000n)).toBe(true);
    expect([budget.spent, budget.reserved]).toEqual([12_000n, 0n]);
    const ledger = await db.costEntry.findMany({
      where: { requestId: { in: ids }, kind: 'agent' },
    });
    expect(ledger).toHaveLength(12);
    expect(new Set(ledger.map((e) => e.attemptId)).size).toBe(12);
  },
);
