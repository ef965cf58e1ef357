/**
 * Spend against budgets (agent page): real PostgreSQL, ledger rows and budget rows written by hand
 * at fixed UTC times, every number asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { getAgentSpendVsBudgets } from './spend-vs-budget';

const db = createTestDb();
// A fixed instant far from other files' rows: 2037-08-15 12:30 UTC.
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
    // Every global budget in the database is listed (other files may have made some).
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
