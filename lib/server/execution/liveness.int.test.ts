/**
 * Worker liveness with the default settings (heartbeat, stale-after, sweep): live workers are never
 * taken for dead — a call far longer than the stale window runs once — and each worker heartbeats
 * under the id the queue locks its jobs with. Also: the request error of an agent that answers
 * garbage names the real error class.
 */
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
import { DEFAULT_STALE_AFTER_MS, startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
const workers: WorkerHandle[] = [];
const agents: TestWebhookAgent[] = [];

beforeAll(async () => {
  // Two workers, as two processes would be: each one's sweeper sees the other's jobs.
  for (let i = 0; i < 2; i++) {
    workers.push(
      await startWorker({ db, connectionString: process.env.DATABASE_URL!, concurrency: 2 }),
    );
  }
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop(1_000)));
  await Promise.all(agents.map((agent) => agent.stop()));
  await db.$disconnect();
});

async function webhook(...args: Parameters<typeof startWebhookAgent>) {
  const agent = await startWebhookAgent(...args);
  agents.push(agent);
  return agent;
}

const CALL_MS = 40_000;

it(
  'runs a 40 s call once, on attempt 1, while both workers heartbeat under their lock ids',
  { timeout: CALL_MS + 60_000 },
  async () => {
    expect(CALL_MS).toBeGreaterThan(DEFAULT_STALE_AFTER_MS * 3);
    const agent = await webhook(() => ({ body: { output: 'slow but sure' }, delayMs: CALL_MS }));
    await registerAgent(db, { endpointUrl: agent.url, capabilities: ['ponder'] });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'think', capability: 'ponder', input: 'take your time' }] } },
      { userId: null, label: 'liveness-test' },
    );

    await waitFor(async () => agent.calls.length > 0, 30_000, 'the call to start');
    // The job is locked under an id that has a fresh heartbeat row, and every worker has one.
    const [job] = await db.$queryRaw<{ locked_by: string | null }[]>`
      SELECT locked_by FROM graphile_worker.jobs
      WHERE key IN (SELECT 'task:' || id FROM tasks WHERE request_id = ${id}::uuid)`;
    expect(job?.locked_by).toMatch(/^pool-/);
    const ids = workers.flatMap((worker) => worker.workerIds());
    expect(ids).toHaveLength(2);
    expect(ids).toContain(job!.locked_by);
    const beats = await db.workerHeartbeat.findMany({ where: { id: { in: ids } } });
    expect(beats.map((b) => b.id).sort()).toEqual([...ids].sort());
    for (const beat of beats) {
      expect(Date.now() - beat.heartbeatAt.getTime()).toBeLessThan(DEFAULT_STALE_AFTER_MS);
    }

    const request = await waitForRequest(db, id, undefined, CALL_MS + 30_000);
    expect(request.status, request.error ?? '').toBe('succeeded');
    expect(agent.calls).toHaveLength(1);
    expect(agent.calls[0]!.aborted).toBeFalsy();
    const attempts = await db.taskAttempt.findMany({ where: { task: { requestId: id } } });
    expect(attempts.map((a) => [a.number, a.status, a.redeliveries])).toEqual([
      [1, 'succeeded', 0],
    ]);
    // Neither sweeper released a live worker's job along the way.
    expect(await Promise.all(workers.map((worker) => worker.sweep()))).toEqual([[], []]);
  },
);

it('names the real error class when every agent answers garbage', async () => {
  // A JSON string (valid JSON, not the contract's object), bytes that are not JSON, and 5 MiB.
  const wrongShape = await webhook(() => ({ body: 'not an object' }));
  const garbage = await startRawAgent('this is {not json');
  const oversized = await startRawAgent(`{"output":"${'x'.repeat(5 * 1024 * 1024)}"}`);
  for (const [capability, url] of [
    ['mumble', wrongShape.url],
    ['babble', garbage.url],
    ['flood', oversized.url],
  ] as const) {
    await registerAgent(db, { endpointUrl: url, capabilities: [capability] });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'x', capability, input: 'hello' }] } },
      { userId: null, label: 'liveness-test' },
    );
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    expect(request.error).toMatch(/invalid_response/);
    expect(request.error).not.toMatch(/no agent offers/);
  }
});

/** An agent answering 200 with exactly `body` (any bytes), application/json. */
async function startRawAgent(body: string): Promise<TestWebhookAgent> {
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const agent: TestWebhookAgent = {
    url: `http://127.0.0.1:${address.port}/hook`,
    calls: [],
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  agents.push(agent);
  return agent;
}
