import { describe, expect, it } from 'vitest';
import { bucketStartOf, bucketStarts, shapeSpendBuckets } from './spend-buckets';
import { buildBurnDown } from './burn-down';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Wednesday 2026-03-11 12:30 UTC.
const at = Date.UTC(2026, 2, 11, 12, 30);

describe('bucketStartOf', () => {
  it('uses UTC days, Monday weeks and calendar months', () => {
    expect(bucketStartOf('day', at)).toBe(Date.UTC(2026, 2, 11));
    expect(bucketStartOf('week', at)).toBe(Date.UTC(2026, 2, 9));
    expect(bucketStartOf('week', Date.UTC(2026, 2, 15, 23))).toBe(Date.UTC(2026, 2, 9));
    expect(bucketStartOf('month', at)).toBe(Date.UTC(2026, 2, 1));
  });

  it('lists every bucket of the range, months of different lengths included', () => {
    expect(bucketStarts('month', Date.UTC(2026, 0, 15), Date.UTC(2026, 3, 1))).toEqual([
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 1, 1),
      Date.UTC(2026, 2, 1),
    ]);
    expect(bucketStarts('day', Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 8))).toHaveLength(7);
  });
});

describe('shapeSpendBuckets', () => {
  it('zero-fills, stacks and ignores rows outside the range', () => {
    const from = Date.UTC(2026, 2, 2);
    const to = Date.UTC(2026, 2, 16);
    const series = shapeSpendBuckets(
      [
        { bucket: Date.UTC(2026, 2, 2), key: 'agent', amount: 5n },
        { bucket: Date.UTC(2026, 2, 9), key: 'agent', amount: 7n },
        { bucket: Date.UTC(2026, 2, 9), key: null, amount: 1n },
        { bucket: Date.UTC(2026, 3, 6), key: 'agent', amount: 1000n },
      ],
      { from, to, granularity: 'week', noneLabel: 'No agent' },
    );
    expect(series.points.map((p) => p.total)).toEqual([5n, 8n]);
    expect(series.total).toBe(13n);
    expect(series.series.map((s) => s.label)).toEqual(['agent', 'No agent']);
    expect(series.points[1]!.values).toEqual({ agent: 7n, __none__: 1n });
  });
});

describe('buildBurnDown', () => {
  const dayStart = Date.UTC(2026, 2, 11);
  const base = {
    period: 'day' as const,
    limit: 10_000n,
    reserved: 0n,
    periodStart: dayStart,
    periodEnd: dayStart + DAY,
    now: at,
  };

  it('projects the exceed instant at the faster rate and ends the line there', () => {
    const burn = buildBurnDown({
      ...base,
      spent: 6_000n,
      buckets: [
        { at: dayStart + 2 * HOUR, amount: 2_000n },
        { at: dayStart + 12 * HOUR, amount: 4_000n },
      ],
      spentLastHour: 4_000n,
      spentLastDay: 6_000n,
    });
    expect(burn.rate).toBe('lastHour');
    // 4,000 left at 4,000 per hour: one hour from now.
    expect(burn.exceedsAt).toBe(at + HOUR);
    expect(burn.forecast.at(-1)).toEqual({ at: at + HOUR, amount: 10_000n });
    expect(burn.actual[0]).toEqual({ at: dayStart, amount: 0n });
    expect(burn.actual.at(-1)).toEqual({ at, amount: 6_000n });
    expect(burn.actual.find((p) => p.at === dayStart + 3 * HOUR)?.amount).toBe(2_000n);
  });

  it('says nothing will be exceeded when the period resets first', () => {
    const burn = buildBurnDown({
      ...base,
      spent: 1_000n,
      buckets: [{ at: dayStart, amount: 1_000n }],
      spentLastHour: 0n,
      spentLastDay: 1_000n,
    });
    expect(burn.exceedsAt).toBeNull();
    expect(burn.isExhausted).toBe(false);
    expect(burn.forecast.at(-1)!.at).toBe(dayStart + DAY);
  });

  it('reports an exhausted budget', () => {
    const burn = buildBurnDown({
      ...base,
      spent: 10_000n,
      buckets: [],
      spentLastHour: 0n,
      spentLastDay: 0n,
    });
    expect(burn.isExhausted).toBe(true);
    expect(burn.exceedsAt).toBeNull();
  });
});
