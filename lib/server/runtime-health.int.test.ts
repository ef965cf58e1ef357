import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { listShippedMigrations } from '@/lib/db/migrations';
import { createPrismaClient, poolOf } from '@/lib/db/prisma';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { DEFAULT_STALE_AFTER_MS } from './execution/worker';
import { readHealth, readRuntimeHealth, STALE_AFTER_MS } from './runtime-health';

const db = createTestDb();
afterAll(() => db.$disconnect());

describe('readRuntimeHealth', () => {
  it('uses the stale threshold of the sweeper', () => {
    expect(STALE_AFTER_MS).toBe(DEFAULT_STALE_AFTER_MS);
  });

  it('counts alive and stale workers by heartbeat age', async () => {
    const before = await readRuntimeHealth(db);
    if (!before.workers.ok) throw new Error(before.workers.error);
    const fresh = uniqueName('worker-alive');
    const old = uniqueName('worker-stale');
    await db.$executeRaw`
      INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at)
      VALUES (${fresh}, 'test', 1, now(), now()),
             (${old}, 'test', 2, now() - interval '1 hour', now() - interval '1 hour')`;
    try {
      const after = await readRuntimeHealth(db);
      expect(after.queue.ok).toBe(true);
      expect(after.workers).toMatchObject({
        ok: true,
        alive: before.workers.alive + 1,
        stale: before.workers.stale + 1,
      });
    } finally {
      await db.$executeRaw`DELETE FROM worker_heartbeats WHERE id IN (${fresh}, ${old})`;
    }
  });
});

describe('readHealth (what /api/v1/health reports, in one statement)', () => {
  it('reports a migrated database in one query, with the same counts as the step-by-step reads', async () => {
    const shipped = await listShippedMigrations();
    await readHealth(db); // the first call lists the migrations folder
    const query = vi.spyOn(poolOf(db), 'query');
    try {
      const health = await readHealth(db);
      expect(query).toHaveBeenCalledTimes(1);
      expect(health.system.ok).toBe(true);
      expect(health.system.database).toMatchObject({ ok: true });
      expect(health.system.migrations).toMatchObject({
        ok: true,
        pending: [],
        failed: [],
        latest: shipped.at(-1),
        applied: shipped,
      });
      const steps = await readRuntimeHealth(db);
      expect(health.runtime?.workers).toEqual(steps.workers);
      expect(health.runtime?.sweeper).toEqual(steps.sweeper);
      expect(health.runtime?.queue).toMatchObject({ ok: true });
    } finally {
      query.mockRestore();
    }
  });

  it('counts a fresh heartbeat as alive and an old one as stale', async () => {
    const before = await readHealth(db);
    const fresh = uniqueName('worker-alive');
    const old = uniqueName('worker-stale');
    await db.$executeRaw`
      INSERT INTO worker_heartbeats (id, hostname, pid, started_at, heartbeat_at)
      VALUES (${fresh}, 'test', 1, now(), now()),
             (${old}, 'test', 2, now() - interval '1 hour', now() - interval '1 hour')`;
    try {
      const after = await readHealth(db);
      const count = (h: typeof before, key: 'alive' | 'stale') =>
        h.runtime?.workers.ok ? h.runtime.workers[key] : Number.NaN;
      expect(count(after, 'alive')).toBe(count(before, 'alive') + 1);
      expect(count(after, 'stale')).toBe(count(before, 'stale') + 1);
    } finally {
      await db.$executeRaw`DELETE FROM worker_heartbeats WHERE id IN (${fresh}, ${old})`;
    }
  });

  it('is not ok when this build ships a migration the database lacks', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-migrations-'));
    try {
      for (const name of await listShippedMigrations()) await mkdir(path.join(dir, name));
      await mkdir(path.join(dir, '29991231000000_future_change'));
      const health = await readHealth(db, { migrationsDir: dir });
      expect(health.system.ok).toBe(false);
      expect(health.system.database.ok).toBe(true);
      expect(health.system.migrations).toMatchObject({
        ok: false,
        pending: ['29991231000000_future_change'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports every migration pending on a database without the migrations table', async () => {
    // A search_path without Baton's schema: `_prisma_migrations` and `worker_heartbeats` are
    // undefined there, as on a fresh database, so the one statement fails and the step-by-step
    // reads say which part is missing.
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set(
      'options',
      `-c search_path=${uniqueName('nothing_here').replace(/-/g, '_')}`,
    );
    const bare = createPrismaClient({ connectionString: url.toString(), max: 1 });
    try {
      const health = await readHealth(bare);
      expect(health.system.ok).toBe(false);
      expect(health.system.database.ok).toBe(true);
      expect(health.system.migrations).toMatchObject({
        ok: false,
        pending: await listShippedMigrations(),
        latest: null,
      });
      expect(health.runtime?.workers).toEqual({
        ok: false,
        error: 'worker heartbeats could not be read',
      });
    } finally {
      await bare.$disconnect();
    }
  });

  it('reports an unreachable database without throwing or leaking the URL', async () => {
    const unreachable = createPrismaClient({
      connectionString: 'postgresql://baton:s3cret-password@127.0.0.1:1/baton',
      max: 1,
    });
    try {
      const health = await readHealth(unreachable);
      expect(health.system.ok).toBe(false);
      expect(health.system.database).toEqual({
        ok: false,
        latencyMs: null,
        error: 'connection refused',
      });
      expect(health.runtime).toBeNull();
      expect(JSON.stringify(health)).not.toContain('s3cret-password');
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('answers "database timed out" in bounded time when the database never answers', async () => {
    // Accepts the connection and never says a word (a hung server, a black-holing proxy).
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const hung = createPrismaClient({
      connectionString: `postgresql://baton:x@127.0.0.1:${port}/baton`,
      max: 1,
    });
    try {
      const started = performance.now();
      const health = await readHealth(hung, { timeoutMs: 300 });
      const took = performance.now() - started;
      expect(health.system.ok).toBe(false);
      expect(health.system.database).toEqual({
        ok: false,
        latencyMs: null,
        error: 'database timed out',
      });
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
      await hung.$disconnect().catch(() => {});
    }
  });
});
