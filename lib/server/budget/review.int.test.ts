import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangeWindow } from '@/lib/engine/budget/review';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { getSpendSeries, getSpendSplit, getTopSpenders } from './review';

const db = createTestDb();
const now = new Date('2026-03-10T12:30:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
let alpha: { id: string };
let beta: { id: string };

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
  alpha = await agent('alpha', 'Alpha');
  beta = await agent('beta', 'Beta');
  await db.costEntry.createMany({
    data: [
      {
        agentId: alpha.id,
        capability: 'summarize',
        kind: 'agent',
        amount: 4_000n,
        createdAt: hoursAgo(0.25),
        isReported: true,
      },
      {
        agentId: alpha.id,
        capability: 'summarize',
        kind: 'agent',
        amount: 1_000n,
        createdAt: hoursAgo(3),
      },
      {
        agentId: beta.id,
        capability: 'translate',
        kind: 'tool',
        amount: 2_500n,
        createdAt: hoursAgo(3.5),
      },
      { agentId: null, kind: 'planning', amount: 500n, createdAt: hoursAgo(5) },
      // Yesterday (UTC): in the week and month ranges, not in the day range (24 h).
      {
        agentId: beta.id,
        capability: 'translate',
        kind: 'agent',
        amount: 10_000n,
        createdAt: hoursAgo(30),
      },
      // 10 days ago: month only.
      {
        agentId: alpha.id,
        capability: 'summarize',
        kind: 'agent',
        amount: 100_000n,
        createdAt: hoursAgo(240),
      },
      // 40 days ago: outside every range.
      {
        agentId: alpha.id,
        capability: 'summarize',
        kind: 'agent',
        amount: 9_999_999n,
        createdAt: hoursAgo(960),
      },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe('getSpendSeries', () => {
  it('buckets the last 24 UTC hours by kind, zero-filled', async () => {
    const s = await getSpendSeries(db, { range: 'day', by: 'kind', now });
    expect(s.points).toHaveLength(24);
    expect(s.total).toBe(8_000n);
    expect(s.series.map((x) => [x.key, x.total])).toEqual([
      ['agent', 5_000n],
      ['tool', 2_500n],
      ['planning', 500n],
    ]);
    const last = s.points.at(-1)!;
    expect(new Date(last.at).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(last.values.agent).toBe(4_000n);
    const nine = s.points.find((p) => new Date(p.at).toISOString() === '2026-03-10T09:00:00.000Z')!;
    expect(nine.values).toEqual({ agent: 1_000n, tool: 2_500n, planning: 0n });
  });

  it('stacks by agent with display names over UTC days', async () => {
    const week = await getSpendSeries(db, { range: 'week', by: 'agent', now });
    expect(week.points).toHaveLength(7);
    expect(week.total).toBe(18_000n);
    expect(week.series.map((x) => [x.label, x.total])).toEqual([
      ['Beta', 12_500n],
      ['Alpha', 5_000n],
      ['No agent (planning, routing)', 500n],
    ]);
    expect(week.points.at(-2)!.values[beta.id]).toBe(10_000n);
    const month = await getSpendSeries(db, { range: 'month', by: 'agent', now });
    expect(month.total).toBe(118_000n);
    expect(month.from).toBe(rangeWindow('month', now.getTime()).from);
  });
});

describe('getTopSpenders and getSpendSplit', () => {
  const from = hoursAgo(24 * 7);
  it('ranks agents and capabilities with their reported part', async () => {
    const agents = await getTopSpenders(db, { by: 'agent', from, to: now });
    expect(agents.map((r) => [r.label, r.amount, r.reported, r.entries])).toEqual([
      ['Beta', 12_500n, 0n, 2],
      ['Alpha', 5_000n, 4_000n, 2],
      ['No agent (planning, routing)', 500n, 0n, 1],
    ]);
    const caps = await getTopSpenders(db, { by: 'capability', from, to: now, limit: 1 });
    expect(caps.map((r) => [r.label, r.amount])).toEqual([['translate', 12_500n]]);
  });

  it('splits the window total into estimated and reported', async () => {
    expect(await getSpendSplit(db, { from, to: now })).toEqual({
      total: 18_000n,
      reported: 4_000n,
      estimated: 14_000n,
      entries: 5,
    });
  });
});
