import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { clearSignInFailures, getSignInWait, recordSignInFailure } from './sign-in-throttle';

const db = createTestDb();
afterAll(() => db.$disconnect());

const NOW = new Date('2026-05-01T10:00:00Z');

describe('sign-in throttle storage', () => {
  it('locks after the sixth failure and unlocks when the time has passed', async () => {
    const key = uniqueName('user') + '@example.com';
    for (let i = 0; i < 5; i++) expect(await recordSignInFailure(db, key, NOW)).toBe(0);
    expect(await recordSignInFailure(db, key, NOW)).toBe(30);
    expect(await getSignInWait(db, key, new Date(NOW.getTime() + 10_000))).toBe(20);
    expect(await getSignInWait(db, key, new Date(NOW.getTime() + 30_000))).toBe(0);
  });

  it('counts every one of many concurrent failures (no lost updates)', async () => {
    const key = uniqueName('burst') + '@example.com';
    await Promise.all(Array.from({ length: 12 }, () => recordSignInFailure(db, key, NOW)));
    const row = await db.signInThrottle.findUnique({ where: { key } });
    expect(row?.failures).toBe(12);
  });

  it('forgets failures after a successful sign-in', async () => {
    const key = uniqueName('ok') + '@example.com';
    for (let i = 0; i < 6; i++) await recordSignInFailure(db, key, NOW);
    await clearSignInFailures(db, key);
    expect(await getSignInWait(db, key, NOW)).toBe(0);
    expect(await recordSignInFailure(db, key, NOW)).toBe(0);
  });
});
