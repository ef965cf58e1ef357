import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { findBudgets, getAgentSpend, getSpendTotals } from './costs';

const db = createTestDb();
const now = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
let busy: { id: string };
let retired: { id: string };

beforeAll(async () => {
  busy = await db.agent.create({
    data: {
      name: uniqueName('busy'),
      displayName: 'Busy',
      kind: 'openai',
      endpointUrl: 'http://localhost:9/v1',
    },
    select: { id: true },
  });
  retired = await db.agent.create({
    data: {
      name: uniqueName('retired'),
      displayName: 'Retired',
      kind: 'a2a',
      endpointUrl: 'http://localhost:9/a2a',
      deletedAt: now,
    },
    select: { id: true },
  });
  await db.costEntry.createMany({
    data: [
      // Today (UTC).
      {
        agentId: busy.id,
        kind: 'agent',
        amount: 1_000n,
        tokensIn: 10,
        tokensOut: 5,
        createdAt: hoursAgo(1),
      },
      { agentId: null, kind: 'planning', amount: 50n, createdAt: hoursAgo(2) },
      // Yesterday 23:00 UTC: in the 7-day window, not today.
      { agentId: retired.id, kind: 'agent', amount: 300n, createdAt: hoursAgo(13) },
      // 20 days ago: only in the 30-day window.
      {
        agentId: busy.id,
        kind: 'agent',
        amount: 7_000n,
        tokensIn: 70,
        createdAt: hoursAgo(20 * 24),
      },
      // 40 days ago: outside every window.
      { agentId: retired.id, kind: 'agent', amount: 99_999n, createdAt: hoursAgo(40 * 24) },
    ],
  });
  await db.budget.createMany({
    data: [
      { scope: 'agent', scopeId: retired.id, limit: 5_000_000n, period: 'day', mode: 'pause' },
      { scope: 'global', scopeId: null, limit: 100_000_000n, period: 'month', mode: 'warn' },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe('getSpendTotals', () => {
  it('sums the ledger over today and the last 7 and 30 UTC days', async () => {
    expect(await getSpendTotals(db, now)).toEqual({
      today: 1_050n,
      last7Days: 1_350n,
      last30Days: 8_350n,
    });
  });
});

describe('getAgentSpend', () => {
  it('groups the last 30 days per agent, largest first, keeping unattributed and unregistered spend', async () => {
    const rows = await getAgentSpend(db, { days: 30, now });
    expect(rows.map((row) => [row.agent?.displayName ?? null, row.amount, row.entryCount])).toEqual(
      [
        ['Busy', 8_000n, 2],
        ['Retired', 300n, 1],
        [null, 50n, 1],
      ],
    );
    expect(rows[0]).toMatchObject({ tokensIn: 80, tokensOut: 5 });
    expect(rows[1]?.agent?.isUnregistered).toBe(true);
  });
});

describe('findBudgets', () => {
  it('lists budgets by scope with a readable target', async () => {
    const { items, total } = await findBudgets(db);
    expect(total).toBe(2);
    expect(items.map((budget) => [budget.scope, budget.scopeLabel, budget.limit])).toEqual([
      ['global', 'All spend', 100_000_000n],
      ['agent', 'Retired (unregistered)', 5_000_000n],
    ]);
  });
});
