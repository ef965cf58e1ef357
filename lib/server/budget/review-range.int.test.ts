import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { getBudgetBurnDown, getSpendSeriesBetween } from './review';

const db = createTestDb();
// Wednesday 2026-04-15 12:30 UTC; this file's rows are all in April 2026 (no other test uses it).
const now = new Date('2026-04-15T12:30:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
let alpha: { id: string };
let beta: { id: string };
const capability = uniqueName('review-cap');

beforeAll(async () => {
  const agent = (name: string, displayName: string) =>
    db.agent.create({
      data: {
        name: uniqueName(name),
        displayName,
        kind: 'openai',
        endpointUrl: 'http://localhost:9/v1',
      },
      select: { id: true },
    });
  alpha = await agent('alpha', 'Alpha range');
  beta = await agent('beta', 'Beta range');
  await db.costEntry.createMany({
    data: [
      { agentId: alpha.id, capability, kind: 'agent', amount: 4_000n, createdAt: hoursAgo(0.5) },
      { agentId: alpha.id, capability, kind: 'agent', amount: 1_000n, createdAt: hoursAgo(3) },
      { agentId: beta.id, kind: 'tool', amount: 2_500n, createdAt: hoursAgo(30) },
      { agentId: null, kind: 'planning', amount: 500n, createdAt: hoursAgo(24 * 5) },
      // March: outside an April range.
      {
        agentId: beta.id,
        kind: 'agent',
        amount: 99_000n,
        createdAt: new Date('2026-03-31T23:00:00Z'),
      },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe('getSpendSeriesBetween', () => {
  const from = new Date('2026-04-01T00:00:00Z');
  const to = new Date('2026-04-16T00:00:00Z');

  it('buckets the range per UTC day, stacked by agent with names', async () => {
    const series = await getSpendSeriesBetween(db, { from, to, granularity: 'day', by: 'agent' });
    expect(series.points).toHaveLength(15);
    expect(series.total).toBe(8_000n);
    expect(series.points.at(-1)!.total).toBe(5_000n);
    expect(series.series.map((s) => s.label)).toEqual([
      'Alpha range',
      'Beta range',
      'No agent (planning, routing)',
    ]);
  });

  it('buckets per ISO week and per month, stacked by kind', async () => {
    const weeks = await getSpendSeriesBetween(db, { from, to, granularity: 'week', by: 'kind' });
    // 2026-03-30 (Mon) … 2026-04-13 (Mon): three weeks; the March row stays outside the range.
    expect(weeks.points.map((p) => new Date(p.at).toISOString().slice(0, 10))).toEqual([
      '2026-03-30',
      '2026-04-06',
      '2026-04-13',
    ]);
    expect(weeks.points.map((p) => p.total)).toEqual([0n, 500n, 7_500n]);
    const months = await getSpendSeriesBetween(db, { from, to, granularity: 'month', by: 'kind' });
    expect(months.points).toHaveLength(1);
    expect(months.points[0]!.values).toEqual({ agent: 5_000n, tool: 2_500n, planning: 500n });
  });
});

describe('getBudgetBurnDown', () => {
  it("follows the budget's scope and projects when it exceeds its limit", async () => {
    const burn = await getBudgetBurnDown(
      db,
      {
        scope: 'agent',
        scopeId: alpha.id,
        capability: null,
        period: 'day',
        limit: 9_000n,
        spent: 5_000n,
        reserved: 0n,
        periodStart: new Date('2026-04-15T00:00:00Z'),
      },
      now,
    );
    expect(burn.rates.lastHour.perHour).toBe(4_000n);
    expect(burn.rates.lastDay.perHour).toBe(208n);
    // 4,000 left at 4,000 per hour.
    expect(burn.exceedsAt).toBe(now.getTime() + 3_600_000);
    expect(burn.actual.at(-1)!.amount).toBe(5_000n);
  });

  it('reads capability budgets case-insensitively and is calm when the period resets first', async () => {
    const burn = await getBudgetBurnDown(
      db,
      {
        scope: 'capability',
        scopeId: null,
        capability: capability.toUpperCase(),
        period: 'month',
        limit: 10_000_000n,
        spent: 5_000n,
        reserved: 0n,
        periodStart: new Date('2026-04-01T00:00:00Z'),
      },
      now,
    );
    expect(burn.rates.lastDay.perHour).toBe(208n);
    expect(burn.exceedsAt).toBeNull();
    expect(burn.chartEnd).toBe(Date.parse('2026-05-01T00:00:00Z'));
  });
});
