/**
 * Spend against budgets (agent page, Overview): real PostgreSQL, ledger rows and budget rows written by hand
 * at fixed UTC times, every number asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import {
  getAgentDailySpend,
  getAgentSpendVsBudgets,
  getFleetSpendVsGlobalBudgets,
} from './spend-vs-budget';

const db = createTestDb();
// A fixed instant, away from rows written at the real time: 2037-08-15 12:30 UTC.
const now = new Date('2037-08-15T12:30:00Z');
const at = (iso: string) => new Date(iso);

const agent = (prefix: string) =>
  db.agent.create({
    data: {
      name: uniqueName(prefix),
      displayName: prefix,
      kind: 'webhook',
      endpointUrl: 'http://127.0.0.1:9/hook',
    },
    select: { id: true },
  });

afterAll(async () => {
  await db.$disconnect();
});

describe('getAgentSpendVsBudgets', () => {
  let alpha: { id: string };
  let beta: { id: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    alpha = await agent('alpha');
    beta = await agent('beta');
    await db.costEntry.createMany({
      data: [
        // Today (UTC): 00:00 exactly counts, the previous millisecond does not.
        {
          agentId: alpha.id,
          kind: 'agent',
          amount: 1_000_000n,
          createdAt: at('2037-08-15T00:00:00Z'),
        },
        {
          agentId: alpha.id,
          kind: 'agent',
          amount: 250_000n,
          createdAt: at('2037-08-15T12:00:00Z'),
        },
        // This month, before today.
        {
          agentId: alpha.id,
          kind: 'agent',
          amount: 2_000_000n,
          createdAt: at('2037-08-14T23:59:59.999Z'),
        },
        { agentId: alpha.id, kind: 'tool', amount: 30_000n, createdAt: at('2037-08-01T00:00:00Z') },
        // Last month: neither.
        {
          agentId: alpha.id,
          kind: 'agent',
          amount: 9_000_000n,
          createdAt: at('2037-07-31T23:59:59.999Z'),
        },
        // Another agent, and spend with no agent, today: not alpha's.
        {
          agentId: beta.id,
          kind: 'agent',
          amount: 7_000_000n,
          createdAt: at('2037-08-15T10:00:00Z'),
        },
        { agentId: null, kind: 'planning', amount: 5_000n, createdAt: at('2037-08-15T10:00:00Z') },
      ],
    });
    const budget = async (
      key: string,
      data: {
        scope: 'global' | 'agent' | 'capability';
        scopeId?: string;
        capability?: string;
        period: 'day' | 'month' | 'total';
        mode: 'warn' | 'pause' | 'stop';
        limit: bigint;
        spent: bigint;
        reserved?: bigint;
        periodStart: Date;
      },
    ) => {
      const row = await db.budget.create({
        data: { name: uniqueName(key), ...data },
        select: { id: true },
      });
      ids[key] = row.id;
    };
    await budget('alpha-day', {
      scope: 'agent',
      scopeId: alpha.id,
      period: 'day',
      mode: 'pause',
      limit: 4_000_000n,
      spent: 1_250_000n,
      reserved: 750_000n,
      periodStart: at('2037-08-15T00:00:00Z'),
    });
    // Last reserved against in July: the new month has spent nothing yet; holds stay held.
    await budget('alpha-month', {
      scope: 'agent',
      scopeId: alpha.id,
      period: 'month',
      mode: 'stop',
      limit: 10_000_000n,
      spent: 9_000_000n,
      reserved: 100_000n,
      periodStart: at('2037-07-01T00:00:00Z'),
    });
    await budget('global-total', {
      scope: 'global',
      period: 'total',
      mode: 'warn',
      limit: 20_000_000n,
      spent: 15_000_000n,
      periodStart: at('1970-01-01T00:00:00Z'),
    });
    await budget('beta-day', {
      scope: 'agent',
      scopeId: beta.id,
      period: 'day',
      mode: 'stop',
      limit: 1n,
      spent: 0n,
      periodStart: at('2037-08-15T00:00:00Z'),
    });
    await budget('capability', {
      scope: 'capability',
      capability: 'summarize',
      period: 'day',
      mode: 'stop',
      limit: 1n,
      spent: 0n,
      periodStart: at('2037-08-15T00:00:00Z'),
    });
  });

  afterAll(async () => {
    // The global one would otherwise be the Overview's global budget below.
    await db.budget.deleteMany({ where: { id: { in: Object.values(ids) } } });
  });

  it("totals the agent's ledger for the UTC day and month", async () => {
    const review = await getAgentSpendVsBudgets(db, alpha.id, now);
    expect(review.today).toBe(1_250_000n);
    expect(review.month).toBe(3_280_000n);
    expect(review.dayStart).toEqual(at('2037-08-15T00:00:00Z'));
    expect(review.monthStart).toEqual(at('2037-08-01T00:00:00Z'));
  });

  it('lists its own budgets then the global ones, as enforcement sees them now', async () => {
    const review = await getAgentSpendVsBudgets(db, alpha.id, now);
    const mine = review.budgets.filter((b) => Object.values(ids).includes(b.id));
    expect(
      mine.map((b) => [
        b.id,
        b.scope,
        b.period,
        b.mode,
        b.limit,
        b.spent,
        b.reserved,
        b.used,
        b.percent,
      ]),
    ).toEqual([
      // (1.25 + 0.75) / 4 = 50 %.
      [ids['alpha-day'], 'agent', 'day', 'pause', 4_000_000n, 1_250_000n, 750_000n, 2_000_000n, 50],
      // Rolled over: July's $9 no longer counts, the $0.10 held does (1 %).
      [ids['alpha-month'], 'agent', 'month', 'stop', 10_000_000n, 0n, 100_000n, 100_000n, 1],
      [
        ids['global-total'],
        'global',
        'total',
        'warn',
        20_000_000n,
        15_000_000n,
        0n,
        15_000_000n,
        75,
      ],
    ]);
    const month = mine.find((b) => b.id === ids['alpha-month'])!;
    expect([month.periodStart, month.periodEnd]).toEqual([
      at('2037-08-01T00:00:00Z'),
      at('2037-09-01T00:00:00Z'),
    ]);
    const total = mine.find((b) => b.id === ids['global-total'])!;
    expect(total.periodEnd).toBeNull();
    // Another agent's budget and a capability budget are not this agent's.
    expect(review.budgets.map((b) => b.id)).not.toContain(ids['beta-day']);
    expect(review.budgets.map((b) => b.id)).not.toContain(ids['capability']);
    // Every global budget is listed.
    const globals = await db.budget.count({ where: { scope: 'global' } });
    expect(review.budgets.filter((b) => b.scope === 'global')).toHaveLength(globals);
  });

  it('is all zero for an agent with no spend and no budget of its own', async () => {
    const idle = await agent('idle');
    const review = await getAgentSpendVsBudgets(db, idle.id, now);
    expect([review.today, review.month]).toEqual([0n, 0n]);
    expect(review.budgets.every((b) => b.scope === 'global')).toBe(true);
  });
});

describe('getAgentDailySpend', () => {
  it('is 30 UTC days oldest first, zero-filled, this agent only, today last', async () => {
    const mine = await agent('daily');
    const other = await agent('other');
    await db.costEntry.createMany({
      data: [
        {
          agentId: mine.id,
          kind: 'agent',
          amount: 400_000n,
          createdAt: at('2037-08-15T00:00:00Z'),
        },
        { agentId: mine.id, kind: 'tool', amount: 50_000n, createdAt: at('2037-08-15T12:29:00Z') },
        {
          agentId: mine.id,
          kind: 'agent',
          amount: 700_000n,
          createdAt: at('2037-07-17T00:00:00Z'),
        },
        // The day before the window, and another agent's spend: not counted.
        {
          agentId: mine.id,
          kind: 'agent',
          amount: 9_000_000n,
          createdAt: at('2037-07-16T23:59:59.999Z'),
        },
        {
          agentId: other.id,
          kind: 'agent',
          amount: 9_000_000n,
          createdAt: at('2037-08-15T01:00:00Z'),
        },
      ],
    });
    const days = await getAgentDailySpend(db, mine.id, { now });
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: '2037-07-17', amount: 700_000n });
    expect(days.at(-1)).toEqual({ day: '2037-08-15', amount: 450_000n });
    expect(days.slice(1, -1).every((d) => d.amount === 0n)).toBe(true);
  });
});

describe('getFleetSpendVsGlobalBudgets', () => {
  // September 2037: none of the agent tests' rows (August) is in it.
  const september = new Date('2037-09-20T08:00:00Z');

  beforeAll(async () => {
    const someone = await agent('september');
    await db.costEntry.createMany({
      data: [
        {
          agentId: someone.id,
          kind: 'agent',
          amount: 1_500_000n,
          createdAt: at('2037-09-01T00:00:00Z'),
        },
        { agentId: null, kind: 'planning', amount: 20_000n, createdAt: at('2037-09-20T07:59:00Z') },
        // August: not this month.
        {
          agentId: someone.id,
          kind: 'agent',
          amount: 8_000_000n,
          createdAt: at('2037-08-31T23:59:59.999Z'),
        },
      ],
    });
  });

  it('is the day and month-to-date ledger; a daily global cap is the day’s budget, not the month’s', async () => {
    // A daily global cap, and another scope's monthly budget, are not the month's global budget.
    const dayCap = await db.budget.create({
      data: {
        name: uniqueName('global day'),
        scope: 'global',
        period: 'day',
        mode: 'stop',
        limit: 1_000_000n,
        periodStart: at('2037-09-20T00:00:00Z'),
      },
    });
    await db.budget.create({
      data: {
        name: uniqueName('capability month'),
        scope: 'capability',
        capability: 'summarize',
        period: 'month',
        mode: 'stop',
        limit: 1_000_000n,
        periodStart: at('2037-09-01T00:00:00Z'),
      },
    });
    const result = await getFleetSpendVsGlobalBudgets(db, september);
    expect(result).toEqual({
      // Today (UTC) is the planning call at 07:59; the 1st's call is this month only.
      today: 20_000n,
      dayStart: at('2037-09-20T00:00:00Z'),
      dayBudget: expect.objectContaining({
        id: dayCap.id,
        period: 'day',
        limit: 1_000_000n,
        periodEnd: at('2037-09-21T00:00:00Z'),
      }),
      month: 1_520_000n,
      monthStart: at('2037-09-01T00:00:00Z'),
      budget: null,
    });
  });

  it('holds the month against the global total budget, and prefers a global month budget', async () => {
    const total = await db.budget.create({
      data: {
        name: uniqueName('global total'),
        scope: 'global',
        period: 'total',
        mode: 'warn',
        limit: 100_000_000n,
        spent: 42_000_000n,
        periodStart: at('1970-01-01T00:00:00Z'),
      },
    });
    const withTotal = await getFleetSpendVsGlobalBudgets(db, september);
    expect(withTotal.budget).toMatchObject({
      id: total.id,
      period: 'total',
      mode: 'warn',
      limit: 100_000_000n,
      used: 42_000_000n,
      percent: 42,
      periodEnd: null,
    });

    // Last reserved against in August: September starts at 0 spent; the hold still counts.
    const month = await db.budget.create({
      data: {
        name: uniqueName('global month'),
        scope: 'global',
        period: 'month',
        mode: 'stop',
        limit: 3_000_000n,
        spent: 2_900_000n,
        reserved: 600_000n,
        periodStart: at('2037-08-01T00:00:00Z'),
      },
    });
    const withMonth = await getFleetSpendVsGlobalBudgets(db, september);
    expect(withMonth.month).toBe(1_520_000n);
    expect(withMonth.budget).toMatchObject({
      id: month.id,
      period: 'month',
      mode: 'stop',
      limit: 3_000_000n,
      spent: 0n,
      reserved: 600_000n,
      used: 600_000n,
      percent: 20,
      periodStart: at('2037-09-01T00:00:00Z'),
      periodEnd: at('2037-10-01T00:00:00Z'),
    });
  });
});
