import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/lib/db/prisma';
import { createTestDb } from '@/lib/testing/db';
import { listShippedMigrations } from '../migrations';
import { checkSystemHealth } from './health';

const db = createTestDb();
afterAll(() => db.$disconnect());

describe('checkSystemHealth', () => {
  it('is ok on a migrated database and names the latest migration', async () => {
    const health = await checkSystemHealth(db);
    const shipped = await listShippedMigrations();
    expect(health.ok).toBe(true);
    expect(health.database.ok).toBe(true);
    expect(health.migrations).toMatchObject({ ok: true, pending: [], latest: shipped.at(-1) });
  });

  it('reports a migration this build ships but the database lacks as pending', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'baton-migrations-'));
    try {
      for (const name of await listShippedMigrations()) await mkdir(path.join(dir, name));
      await mkdir(path.join(dir, '29991231000000_future_change'));
      const health = await checkSystemHealth(db, dir);
      expect(health.ok).toBe(false);
      expect(health.migrations).toMatchObject({
        ok: false,
        pending: ['29991231000000_future_change'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable database without throwing or leaking the URL', async () => {
    const unreachable = createPrismaClient({
      connectionString: 'postgresql://baton:s3cret-password@127.0.0.1:1/baton',
      max: 1,
    });
    try {
      const health = await checkSystemHealth(unreachable);
      expect(health.ok).toBe(false);
      expect(health.database).toEqual({ ok: false, latencyMs: null, error: 'connection refused' });
      expect(JSON.stringify(health)).not.toContain('s3cret-password');
    } finally {
      await unreachable.$disconnect();
    }
  });
});
