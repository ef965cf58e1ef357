import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { DEFAULT_STALE_AFTER_MS } from './execution/worker';
import { readRuntimeHealth, STALE_AFTER_MS } from './runtime-health';

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
