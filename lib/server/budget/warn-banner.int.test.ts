/**
 * What the warn-mode banners read, against real PostgreSQL: a `warn` budget whose settled spend
 * reached its limit in its current period (Costs page, Overview), and the `warn` budgets a request's
 * own calls took past their limit (request page) — the latter driven through the real settlement
 * path, so the 100 % `budget.threshold` event is the one execution writes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { poolOf } from '@/lib/db/prisma';
import { withPgTx } from '@/lib/db/sql';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { settleReservations } from './reservations';
import { findRequestWarnOverruns, findWarnBudgetsOver } from './spend-vs-budget';

const db = createTestDb();
afterAll(async () => {
  await db.$disconnect();
});

// 2037-08-15 12:30 UTC, far from rows written at the real time.
const now = new Date('2037-08-15T12:30:00Z');
const at = (iso: string) => new Date(iso);

async function agentBudget(data: {
  mode: 'warn' | 'pause' | 'stop';
  period: 'day' | 'month' | 'total';
  limit: bigint;
  spent: bigint;
  periodStart: Date;
}) {
  const agent = await db.agent.create({
    data: {
      name: uniqueName('agent'),
      displayName: 'agent',
      kind: 'webhook',
      endpointUrl: 'http://127.0.0.1:9/hook',
    },
    select: { id: true },
  });
  return db.budget.create({
    data: {
      name: uniqueName(`${data.mode} ${data.period}`),
      scope: 'agent',
      scopeId: agent.id,
      ...data,
    },
  });
}

describe('findWarnBudgetsOver', () => {
  it('lists the warn budgets whose spend this period reached the limit, and only those', async () => {
    const over = await agentBudget({
      mode: 'warn',
      period: 'month',
      limit: 5_000_000n,
      spent: 6_250_000n,
      periodStart: at('2037-08-01T00:00:00Z'),
    });
    const exactly = await agentBudget({
      mode: 'warn',
      period: 'total',
      limit: 1_000_000n,
      spent: 1_000_000n,
      periodStart: at('1970-01-01T00:00:00Z'),
    });
    const under = await agentBudget({
      mode: 'warn',
      period: 'month',
      limit: 5_000_000n,
      spent: 4_999_999n,
      periodStart: at('2037-08-01T00:00:00Z'),
    });
    // Over yesterday: today is a fresh period with nothing spent.
    const lastPeriod = await agentBudget({
      mode: 'warn',
      period: 'day',
      limit: 1_000_000n,
      spent: 9_000_000n,
      periodStart: at('2037-08-14T00:00:00Z'),
    });
    // Not warn: pause and stop budgets are enforced, not bannered.
    const stop = await agentBudget({
      mode: 'stop',
      period: 'month',
      limit: 1_000_000n,
      spent: 2_000_000n,
      periodStart: at('2037-08-01T00:00:00Z'),
    });

    const result = await findWarnBudgetsOver(db, now);
    const ids = result.map((b) => b.id);
    expect(ids).toContain(over.id);
    expect(ids).toContain(exactly.id);
    for (const id of [under.id, lastPeriod.id, stop.id]) expect(ids).not.toContain(id);
    expect(result.find((b) => b.id === over.id)).toMatchObject({
      name: over.name,
      mode: 'warn',
      period: 'month',
      spent: 6_250_000n,
      limit: 5_000_000n,
      percent: 125,
    });
  });
});

describe('findRequestWarnOverruns', () => {
  async function settleAgainst(budgetId: string, requestId: string, held: bigint, actual: bigint) {
    const attemptId = crypto.randomUUID();
    await db.budget.update({ where: { id: budgetId }, data: { reserved: { increment: held } } });
    await db.budgetReservation.create({ data: { budgetId, attemptId, amount: held } });
    await withPgTx(poolOf(db), (tx) =>
      settleReservations(tx, { attemptId, requestId, actual, now: new Date() }),
    );
  }

  it('names a warn budget the request took past its limit, once, with its spend and limit', async () => {
    const warn = await db.budget.create({
      data: {
        name: uniqueName('team warn'),
        scope: 'global',
        period: 'total',
        mode: 'warn',
        limit: 1_000_000n,
      },
    });
    const request = await db.request.create({ data: { input: 'x', submittedBy: 'test' } });
    // 60 %: the 50 % threshold only, no overrun yet.
    await settleAgainst(warn.id, request.id, 500_000n, 600_000n);
    expect(await findRequestWarnOverruns(db, request.id)).toEqual([]);
    // 130 %: over; a later call of the same request does not list it twice.
    await settleAgainst(warn.id, request.id, 500_000n, 700_000n);
    await settleAgainst(warn.id, request.id, 100_000n, 100_000n);
    const overruns = await findRequestWarnOverruns(db, request.id);
    expect(overruns).toEqual([
      {
        budgetId: warn.id,
        budget: warn.name,
        spent: 1_300_000n,
        limit: 1_000_000n,
        at: expect.any(Date),
      },
    ]);

    // Another request that ran afterwards did not take it over: no banner there.
    const later = await db.request.create({ data: { input: 'y', submittedBy: 'test' } });
    await settleAgainst(warn.id, later.id, 100_000n, 100_000n);
    expect(await findRequestWarnOverruns(db, later.id)).toEqual([]);
  });

  it('ignores a stop budget reaching 100 %: that request is stopped, not warned', async () => {
    const stop = await agentBudget({
      mode: 'stop',
      period: 'total',
      limit: 1_000_000n,
      spent: 0n,
      periodStart: at('1970-01-01T00:00:00Z'),
    });
    const request = await db.request.create({ data: { input: 'z', submittedBy: 'test' } });
    await settleAgainst(stop.id, request.id, 1_000_000n, 1_000_000n);
    const events = await db.event.count({
      where: { requestId: request.id, type: 'budget.threshold' },
    });
    expect(events).toBeGreaterThan(0);
    expect(await findRequestWarnOverruns(db, request.id)).toEqual([]);
  });
});
