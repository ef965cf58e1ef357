import { afterFailure, retryAfterSeconds } from '@/lib/auth/throttle-policy';
import type { PrismaClient } from '../prisma';

/** Seconds until `key` may try to sign in again (0 = now). */
export async function getSignInWait(
  db: PrismaClient,
  key: string,
  now: Date = new Date(),
): Promise<number> {
  const row = await db.signInThrottle.findUnique({
    where: { key },
    select: { failures: true, lockedUntil: true },
  });
  return retryAfterSeconds(
    row && { failures: row.failures, lockedUntil: row.lockedUntil?.getTime() ?? null },
    now.getTime(),
  );
}

/**
 * Records a failed attempt and returns the resulting wait in seconds. The row is locked for the
 * update so concurrent failures all count (no lost increments).
 */
export async function recordSignInFailure(
  db: PrismaClient,
  key: string,
  now: Date = new Date(),
): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO sign_in_throttles (key, failures, updated_at) VALUES (${key}, 0, ${now})
      ON CONFLICT (key) DO NOTHING`;
    const [row] = await tx.$queryRaw<{ failures: number; locked_until: Date | null }[]>`
      SELECT failures, locked_until FROM sign_in_throttles WHERE key = ${key} FOR UPDATE`;
    const next = afterFailure(
      row ? { failures: row.failures, lockedUntil: row.locked_until?.getTime() ?? null } : null,
      now.getTime(),
    );
    await tx.signInThrottle.update({
      where: { key },
      data: {
        failures: next.failures,
        lockedUntil: next.lockedUntil ? new Date(next.lockedUntil) : null,
        lastFailureAt: now,
      },
    });
    return retryAfterSeconds(next, now.getTime());
  });
}

export async function clearSignInFailures(db: PrismaClient, key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
