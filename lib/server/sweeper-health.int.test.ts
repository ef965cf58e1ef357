/**
 * /api/v1/health reports the execution sweeper's last run (issue 12): over real HTTP, with a real
 * worker sweeping the test database; stale sweepers make the status `degraded`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as healthRoute from '@/app/api/v1/health/route';
import { getDb } from '@/lib/db/client';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { startRouteServer, type RouteServer } from '@/lib/testing/route-server';
import { DEFAULT_SWEEP_MS, startWorker, type WorkerHandle } from './execution/worker';
import { SWEEP_MS } from './runtime-health';

const db = createTestDb();
let server: RouteServer;

interface Health {
  status: string;
  sweeper: { ok: boolean; lastSweepAt: string | null; stale: boolean };
  workers: { alive: number };
}
const health = async () => {
  const response = await fetch(`${server.url}/api/v1/health`);
  return { status: response.status, body: (await response.json()) as Health };
};

beforeAll(async () => {
  server = await startRouteServer({ 'GET /api/v1/health': healthRoute.GET });
});

afterAll(async () => {
  await server.close();
  await db.$disconnect();
  await getDb().$disconnect();
});

describe('health: the sweeper', () => {
  it('uses the sweep interval of the worker', () => {
    expect(SWEEP_MS).toBe(DEFAULT_SWEEP_MS);
  });

  it("shows the sweeper's last run, and it advances while a worker runs", async () => {
    let worker: WorkerHandle | undefined;
    try {
      worker = await startWorker({
        db,
        connectionString: process.env.DATABASE_URL!,
        concurrency: 1,
        heartbeatMs: 100,
        sweepMs: 100,
      });
      const first = await vi.waitFor(
        async () => {
          const { status, body } = await health();
          expect(status).toBe(200);
          expect(body.sweeper.lastSweepAt).not.toBeNull();
          return body;
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(first.status).toBe('ok');
      expect(first.sweeper).toMatchObject({ ok: true, stale: false });
      expect(worker.lastSweepAt()).not.toBeNull();
      await vi.waitFor(
        async () => {
          const { body } = await health();
          expect(Date.parse(body.sweeper.lastSweepAt!)).toBeGreaterThan(
            Date.parse(first.sweeper.lastSweepAt!),
          );
        },
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      await worker?.stop(1_000);
    }
  });

  it('is degraded when workers are alive but no sweeper ran within 3 intervals', async () => {
    const id = uniqueName('worker-wedged');
    await db.$executeRaw`
      INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at, swept_at, sweep_ms)
      VALUES (${id}, 'test', 1, now() - interval '1 hour', now(), now() - interval '1 minute', 2000)`;
    try {
      const { status, body } = await health();
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.sweeper).toMatchObject({ ok: true, stale: true });
      expect(body.workers.alive).toBeGreaterThanOrEqual(1);
    } finally {
      await db.$executeRaw`DELETE FROM worker_heartbeats WHERE id = ${id}`;
    }
    expect((await health()).body.status).toBe('ok');
  });
});
