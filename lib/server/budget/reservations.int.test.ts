import { afterAll, describe, expect, it } from 'vitest';
import { poolOf } from '@/lib/db/prisma';
import { withPgTx } from '@/lib/db/sql';
import { createTestDb } from '@/lib/testing/db';
import { releaseReservations, settleReservations } from './reservations';

const db = createTestDb();
afterAll(async () => {
  await db.$disconnect();
});

const attemptId = () => crypto.randomUUID();

async function heldBudget(limit: bigint, held: bigint, attempt: string) {
  const budget = await db.budget.create({
    data: {
      name: `b ${attempt.slice(0, 8)}`,
      scope: 'global',
      period: 'total',
      limit,
      reserved: held,
    },
  });
  await db.budgetReservation.create({
    data: { budgetId: budget.id, attemptId: attempt, amount: held },
  });
  return budget;
}

describe('settling and releasing reservations', () => {
  it('a released reservation gives its estimate back and spends nothing, once', async () => {
    const attempt = attemptId();
    const budget = await heldBudget(1_000n, 500n, attempt);
    const request = await db.request.create({ data: { input: 'x', submittedBy: 'test' } });
    const now = new Date();
    for (let i = 0; i < 2; i++) {
      await withPgTx(poolOf(db), (tx) =>
        releaseReservations(tx, { attemptId: attempt, requestId: request.id, now }),
      );
    }
    const after = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
    expect([after.spent, after.reserved]).toEqual([0n, 0n]);
    const [reservation] = await db.budgetReservation.findMany({ where: { budgetId: budget.id } });
    expect(reservation!.actual).toBe(0n);
    expect(reservation!.settledAt).not.toBeNull();
    await db.budget.delete({ where: { id: budget.id } });
  });

  it('settles to the actual cost and fires each crossed threshold once', async () => {
    const attempt = attemptId();
    const budget = await heldBudget(1_000n, 600n, attempt);
    const request = await db.request.create({ data: { input: 'x', submittedBy: 'test' } });
    for (let i = 0; i < 2; i++) {
      await withPgTx(poolOf(db), (tx) =>
        settleReservations(tx, {
          attemptId: attempt,
          requestId: request.id,
          actual: 900n,
          now: new Date(),
        }),
      );
    }
    const after = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
    expect([after.spent, after.reserved, after.firedThresholds]).toEqual([900n, 0n, [50, 80]]);
    const fired = await db.budgetThresholdEvent.findMany({ where: { budgetId: budget.id } });
    expect(fired.map((f) => f.percent).sort()).toEqual([50, 80]);
    const events = await db.event.findMany({
      where: { requestId: request.id, type: 'budget.threshold' },
    });
    expect(events.map((e) => (e.payload as { percent: number }).percent).sort()).toEqual([50, 80]);
    await db.budget.delete({ where: { id: budget.id } });
  });
});
