import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import {
  formatPerMille,
  NONE_KEY,
  OTHER_KEY,
  rangeWindow,
  reportedShare,
  shapeSpendSeries,
} from './review';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = FakeClock.REFERENCE_TIME;

describe('rangeWindow', () => {
  it('ends with the UTC bucket that holds now', () => {
    const day = rangeWindow('day', now);
    expect(day.buckets).toBe(24);
    expect(day.bucketMs).toBe(HOUR);
    expect(day.to - day.from).toBe(24 * HOUR);
    expect(day.from % HOUR).toBe(0);
    expect(now).toBeGreaterThanOrEqual(day.to - HOUR);
    expect(now).toBeLessThan(day.to);
    const month = rangeWindow('month', now);
    expect(month.buckets).toBe(30);
    expect(month.from % DAY).toBe(0);
    expect(rangeWindow('week', now).to - rangeWindow('week', now).from).toBe(7 * DAY);
  });
});

describe('shapeSpendSeries', () => {
  const { from } = rangeWindow('week', now);

  it('zero-fills every bucket and keeps the total equal to the rows in the window', () => {
    const s = shapeSpendSeries(
      [
        { bucket: from, key: 'agent', amount: 5n },
        { bucket: from + 3 * DAY, key: 'tool', amount: 7n },
        { bucket: from + 3 * DAY, key: 'agent', amount: 1n },
        { bucket: from - DAY, key: 'agent', amount: 1_000n },
      ],
      { range: 'week', now },
    );
    expect(s.points).toHaveLength(7);
    expect(s.total).toBe(13n);
    expect(s.series.map((x) => [x.key, x.total])).toEqual([
      ['tool', 7n],
      ['agent', 6n],
    ]);
    expect(s.points[0]!.values).toEqual({ tool: 0n, agent: 5n });
    expect(s.points[3]!.values).toEqual({ tool: 7n, agent: 1n });
    expect(s.points[3]!.total).toBe(8n);
    expect(s.points[6]!.total).toBe(0n);
  });

  it('folds the smallest keys into Other and labels agents and the no-agent series', () => {
    const rows = ['a', 'b', 'c', 'd'].map((key, i) => ({
      bucket: from,
      key,
      amount: BigInt(10 - i),
    }));
    rows.push({ bucket: from + DAY, key: null as unknown as string, amount: 1n });
    const s = shapeSpendSeries(rows, {
      range: 'week',
      now,
      maxSeries: 3,
      labels: new Map([['a', 'Agent A']]),
      noneLabel: 'No agent',
    });
    expect(s.series).toEqual([
      { key: 'a', label: 'Agent A', total: 10n },
      { key: 'b', label: 'b', total: 9n },
      { key: OTHER_KEY, label: 'Other', total: 8n + 7n + 1n },
    ]);
    expect(s.points[1]!.values[OTHER_KEY]).toBe(1n);
    expect(s.total).toBe(35n);
    const all = shapeSpendSeries(rows, { range: 'week', now, noneLabel: 'No agent' });
    expect(all.series.find((x) => x.key === NONE_KEY)?.label).toBe('No agent');
  });
});

describe('reportedShare', () => {
  it('is per-mille, rounded, and null with no spend', () => {
    expect(reportedShare(0n, 0n)).toBeNull();
    expect(reportedShare(3n, 1n)).toBe(333);
    expect(reportedShare(8n, 1n)).toBe(125);
    expect(reportedShare(10n, 10n)).toBe(1000);
    expect(formatPerMille(125)).toBe('12.5%');
    expect(formatPerMille(1000)).toBe('100.0%');
  });
});
