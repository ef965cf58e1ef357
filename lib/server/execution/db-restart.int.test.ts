/**
 * Database restart (issue 12): PostgreSQL goes away while a worker has calls in flight — a fast
 * shutdown closes every connection, and for a few seconds nothing answers — then comes back on the
 * same port. The worker process (`npm run worker`'s script) must survive, record the answers that
 * came back during the outage once the database returns, and finish every request: no request or
 * task stuck, no agent slot or budget reservation left held, no result recorded twice.
 *
 * This file runs its own PostgreSQL cluster (in `.data/test-restart`), since stopping the suite's
 * shared server would break the other files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import {
  registerAgent,
  startWebhookAgent,
  waitFor,
  waitForRequest,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import {
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../../../scripts/lib/embedded-postgres';
import { applyMigrations, ensureDatabaseExists } from '../../../scripts/lib/database';
import { submitRequest } from './submit';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const DATA_DIR = path.join(ROOT, '.data', 'test-restart');

let server: EmbeddedDatabase;
let db: PrismaClient;
let agent: TestWebhookAgent;
let worker: ChildProcess;
let workerOutput = '';

async function startServer(port?: number) {
  server = await startEmbeddedPostgres({ dataDir: DATA_DIR, database: 'baton_restart', port });
}

beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  await startServer();
  await ensureDatabaseExists(server.url);
  await applyMigrations(server.url);
  db = createPrismaClient({ connectionString: server.url, max: 4 });

  // Each call takes 2 s, so the database goes away with calls in flight and comes back after some
  // of them have answered.
  agent = await startWebhookAgent((call) => ({
    body: { output: `done: ${call.input.text}` },
    delayMs: 2_000,
  }));
  await registerAgent(db, {
    endpointUrl: agent.url,
    capabilities: ['crunch'],
    maxConcurrentTasks: 16,
    pricePerCall: 1_000n,
  });
  await db.budget.create({
    data: { name: 'restart global', scope: 'global', limit: 1_000_000n, mode: 'stop' },
  });

  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: server.url,
      BATON_SECRET_KEY: 'restart-test-secret-key-0123456789abcdef-012345678',
      BATON_WORKER_CONCURRENCY: '6',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
  worker.stderr!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
}, 120_000);

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await agent?.stop();
  await db?.$disconnect();
  await server?.stop();
});

it(
  'finishes every request after the database restarts mid-run, with nothing left held',
  { timeout: 180_000 },
  async () => {
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
        { userId: null, label: 'restart-test' },
      );
      ids.push(id);
    }
    await waitFor(
      async () => agent.calls.filter((c) => !c.answeredAt).length >= 3,
      60_000,
      'calls in flight',
    );

    // The restart: every connection is closed, and for 4 s nothing listens (the calls in flight
    // answer meanwhile, so their results must wait for the database).
    const port = server.port;
    await server.stop();
    const downAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const answeredWhileDown = agent.calls.filter((c) => c.answeredAt && c.answeredAt > downAt);
    expect(answeredWhileDown.length).toBeGreaterThan(0);
    await startServer(port);

    for (const id of ids) {
      const request = await waitForRequest(db, id, undefined, 90_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- worker output ---\n${workerOutput}`);
      });
      expect(request.status, request.error ?? '').toBe('succeeded');
    }
    // The answers that came back while the database was down were recorded, not asked again.
    for (const call of answeredWhileDown) {
      expect(agent.calls.filter((c) => c.idempotencyKey === call.idempotencyKey)).toHaveLength(1);
    }
    // The worker lived through it.
    expect(worker.exitCode, workerOutput).toBeNull();

    const tasks = await db.task.findMany({
      where: { requestId: { in: ids } },
      include: { attempts: true },
    });
    expect(tasks).toHaveLength(12);
    for (const task of tasks) {
      expect(task.status).toBe('succeeded');
      expect(task.output).toBe(`done: ${String(task.input)}`);
      expect(task.attempts.filter((a) => a.status === 'succeeded')).toHaveLength(1);
      expect(task.attempts.every((a) => ['succeeded', 'failed'].includes(a.status))).toBe(true);
    }
    for (const id of ids) {
      const terminal = await db.event.count({
        where: {
          requestId: id,
          type: { in: ['request.succeeded', 'request.failed', 'request.cancelled'] },
        },
      });
      expect(terminal).toBe(1);
    }
    // Slots and reservations: all given back, every cost counted once per attempt.
    await waitFor(
      async () => {
        const row = await db.agent.findFirstOrThrow({ where: { endpointUrl: agent.url } });
        return row.inFlight === 0;
      },
      15_000,
      'the agent’s in-flight count to return to 0',
    );
    const budget = await db.budget.findFirstOrThrow({ where: { name: 'restart global' } });
    const reservations = await db.budgetReservation.findMany({ where: { budgetId: budget.id } });
    expect(reservations.every((r) => r.settledAt !== null)).toBe(true);
    expect(budget.reserved).toBe(0n);
    const ledger = await db.costEntry.findMany({
      where: { requestId: { in: ids }, kind: 'agent' },
    });
    expect(new Set(ledger.map((e) => e.attemptId)).size).toBe(ledger.length);
    expect(budget.spent).toBe(ledger.reduce((sum, e) => sum + e.amount, 0n));
    // No graphile-worker job left locked or queued.
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker._private_jobs`;
    expect(jobs[0]!.n).toBe(0n);
  },
);
