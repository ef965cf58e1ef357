/**
 * The graph's read model against real executions: real PostgreSQL, the real queue and worker,
 * Baton's builtin agents and a webhook agent on loopback. Replaying the event log the engine wrote
 * must end where the run ended, and start with every task pending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/lib/db/seed';
import {
  buildRequestGraph,
  formatTraceAscii,
  formatTraceTree,
  reconstructAt,
  type RequestSnapshot,
} from '@/lib/engine/graph';
import { submitRequest, type Submitter } from '@/lib/server/execution/submit';
import { startWorker, type WorkerHandle } from '@/lib/server/execution/worker';
import { taskAction } from '@/lib/server/execution/control';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import {
  registerAgent,
  startWebhookAgent,
  waitForRequest,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { getLiveActivity } from './activity';
import { findTraceEvents, getRequestTrace } from './request-trace';

const db = createTestDb();
const submitter: Submitter = { userId: null, label: 'test' };
let worker: WorkerHandle;
const hooks: TestWebhookAgent[] = [];

beforeAll(async () => {
  await seedDemoData(db, { force: true });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    pollIntervalMs: 100,
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await Promise.all(hooks.map((hook) => hook.stop()));
  await db.$disconnect();
});

const statusesOf = (snapshot: RequestSnapshot) => snapshot.tasks.map((t) => [t.ref, t.status]);
const comparable = (snapshot: RequestSnapshot) => ({
  status: snapshot.status,
  hasResult: snapshot.hasResult,
  synthesizedBy: snapshot.synthesizedBy,
  costMicros: snapshot.costMicros,
  tasks: snapshot.tasks.map((task) => ({
    ref: task.ref,
    status: task.status,
    error: task.error,
    outputPreview: task.outputPreview,
    attempts: task.attempts.map((a) => ({
      number: a.number,
      agent: a.agent,
      status: a.status,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      latencyMs: a.latencyMs,
      costMicros: a.costMicros,
    })),
  })),
});

describe('the request snapshot and its event log', () => {
  it('replays the sequential seed example from all-pending to exactly the final state', async () => {
    const { id } = await submitRequest(
      db,
      { input: 'Calculate 25 * 4 and format the result as JSON' },
      submitter,
    );
    expect((await waitForRequest(db, id)).status).toBe('succeeded');
    const snapshot = (await getRequestTrace(db, id))!;
    const events = await findTraceEvents(db, id);
    expect(events[0]!.type).toBe('request.submitted');
    expect(snapshot.lastEventId).toBe(events.at(-1)!.id);

    const first = reconstructAt(snapshot, events, events[0]!.id);
    expect(first.tasks.length).toBe(2);
    expect(first.tasks.every((t) => t.status === 'pending' && t.attempts.length === 0)).toBe(true);

    const firstSucceeded = events.find((e) => e.type === 'task.succeeded')!;
    const middle = reconstructAt(snapshot, events, firstSucceeded.id);
    expect(statusesOf(middle)).toEqual([
      [snapshot.tasks[0]!.ref, 'succeeded'],
      [snapshot.tasks[1]!.ref, 'pending'],
    ]);

    const last = reconstructAt(snapshot, events, events.at(-1)!.id);
    expect(comparable(last)).toEqual(comparable(snapshot));

    const graph = buildRequestGraph(snapshot);
    expect(graph.edges.map((e) => e.kind).sort()).toEqual(['dependency', 'synthesis']);
    const ascii = formatTraceAscii(snapshot);
    expect(ascii).toContain(`<- ${snapshot.tasks[0]!.ref}`);
    expect(ascii).toContain('calculator, 1/3 attempts');
    expect(formatTraceTree(snapshot)).toContain('attempt 1 json-formatter succeeded');
  });

  it('replays a failure, an operator retry and attempt 2 of a webhook task', async () => {
    const capability = uniqueName('flaky');
    const hook = await startWebhookAgent((call) =>
      call.attempt === 1
        ? { status: 500, body: {} }
        : { body: { output: 'ok', usage: { tokensIn: 7, tokensOut: 3 }, costMicros: 40 } },
    );
    hooks.push(hook);
    await registerAgent(db, { endpointUrl: hook.url, capabilities: [capability] });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'flaky', capability, maxAttempts: 1 }] } },
      submitter,
    );
    expect((await waitForRequest(db, id)).status).toBe('failed');
    const failed = (await getRequestTrace(db, id))!;
    await taskAction(db, id, failed.tasks[0]!.id, 'retry', 'user:test');
    expect((await waitForRequest(db, id, ['succeeded'])).status).toBe('succeeded');

    const snapshot = (await getRequestTrace(db, id))!;
    expect(snapshot.tasks[0]!.attempts.map((a) => [a.number, a.status, a.tokensIn])).toEqual([
      [1, 'failed', 0],
      [2, 'succeeded', 7],
    ]);
    const events = await findTraceEvents(db, id);
    const failedAt = events.find((e) => e.type === 'request.failed')!;
    const atFailure = reconstructAt(snapshot, events, failedAt.id);
    expect(atFailure.status).toBe('failed');
    expect(atFailure.tasks[0]).toMatchObject({ status: 'failed' });
    expect(atFailure.tasks[0]!.attempts).toHaveLength(1);
    expect(comparable(reconstructAt(snapshot, events, events.at(-1)!.id))).toEqual(
      comparable(snapshot),
    );
    expect(formatTraceTree(snapshot)).toMatch(
      /attempt 2 \S+ succeeded \d+ ms tokens 7\/3 \$0\.00004/,
    );

    // The live activity counts both calls of the last hour.
    const activity = await getLiveActivity(db);
    const calls = activity.lastHour.reduce((n, row) => n + row.count, 0);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(activity.lastHour.some((row) => row.status === 'failed')).toBe(true);
  });

  it('returns null for an unknown request and pages through long logs', async () => {
    expect(await getRequestTrace(db, '00000000-0000-7000-8000-000000000000')).toBeNull();
    const request = await db.request.create({ data: { input: 'x', submittedBy: 'system' } });
    await db.event.createMany({
      data: Array.from({ length: 4_500 }, (_, i) => ({
        requestId: request.id,
        type: 'task.waiting',
        payload: { n: i },
      })),
    });
    const events = await findTraceEvents(db, request.id);
    expect(events).toHaveLength(4_500);
    expect(new Set(events.map((e) => e.id)).size).toBe(4_500);
    expect((events[4_499]!.payload as { n: number }).n).toBe(4_499);
    expect(await findTraceEvents(db, request.id, BigInt(events[99]!.id), 10)).toEqual(
      events.slice(100, 110),
    );
  });
});
