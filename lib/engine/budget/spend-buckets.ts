import type { Micros } from '../types';
import { NONE_KEY, OTHER_KEY, type SpendRow, type SpendSeries } from './review';

/**
 * Calendar buckets for the Costs review chart over a chosen date range: UTC days, ISO weeks
 * (Monday 00:00 UTC, as PostgreSQL's `date_trunc('week')`) or UTC months. Pure; amounts stay
 * integer micro-dollars.
 */

const DAY_MS = 86_400_000;

export const SPEND_GRANULARITIES = ['day', 'week', 'month'] as const;
export type SpendGranularity = (typeof SPEND_GRANULARITIES)[number];

/** Start (epoch ms, UTC) of the bucket that holds `t`. */
export function bucketStartOf(granularity: SpendGranularity, t: number): number {
  const d = new Date(t);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (granularity) {
    case 'day':
      return day;
    case 'week':
      // getUTCDay: Sunday 0 … Saturday 6; ISO weeks start on Monday.
      return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucketStart(granularity: SpendGranularity, start: number): number {
  switch (granularity) {
    case 'day':
      return start + DAY_MS;
    case 'week':
      return start + 7 * DAY_MS;
    case 'month': {
      const d = new Date(start);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
  }
}

/** Bucket starts covering [from, to): the first bucket may begin before `from` (a partial week). */
export function bucketStarts(granularity: SpendGranularity, from: number, to: number): number[] {
  const starts: number[] = [];
  for (let at = bucketStartOf(granularity, from); at < to; at = nextBucketStart(granularity, at)) {
    starts.push(at);
  }
  return starts;
}

/**
 * Grouped ledger rows (bucket start, key, amount) of [from, to) as a zero-filled stacked series,
 * the same shape and folding rule as `shapeSpendSeries`: the `maxSeries - 1` largest keys keep
 * their own series, the rest fold into "Other". Rows outside [from, to) are ignored, so the sum of
 * the points is the range's total.
 */
export function shapeSpendBuckets(
  rows: readonly SpendRow[],
  opts: {
    from: number;
    to: number;
    granularity: SpendGranularity;
    labels?: ReadonlyMap<string, string>;
    maxSeries?: number;
    noneLabel?: string;
  },
): SpendSeries & { granularity: SpendGranularity } {
  const starts = bucketStarts(opts.granularity, opts.from, opts.to);
  const index = new Map(starts.map((at, i) => [at, i]));
  const maxSeries = Math.max(1, opts.maxSeries ?? 6);
  const inWindow = rows.filter((r) => index.has(bucketStartOf(opts.granularity, r.bucket)));
  const totals = new Map<string, Micros>();
  for (const r of inWindow) {
    const key = r.key ?? NONE_KEY;
    totals.set(key, (totals.get(key) ?? 0n) + r.amount);
  }
  const ranked = [...totals.entries()].sort((a, b) =>
    a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] > b[1] ? -1 : 1,
  );
  const kept = ranked.length <= maxSeries ? ranked : ranked.slice(0, maxSeries - 1);
  const keptKeys = new Set(kept.map(([k]) => k));
  const series = kept.map(([key, total]) => ({
    key,
    label: key === NONE_KEY ? (opts.noneLabel ?? 'None') : (opts.labels?.get(key) ?? key),
    total,
  }));
  if (kept.length < ranked.length) {
    const otherTotal = ranked.slice(kept.length).reduce((s, [, t]) => s + t, 0n);
    series.push({ key: OTHER_KEY, label: 'Other', total: otherTotal });
  }
  const points = starts.map((at) => {
    const values: Record<string, Micros> = {};
    for (const s of series) values[s.key] = 0n;
    return { at, values, total: 0n };
  });
  for (const r of inWindow) {
    const point = points[index.get(bucketStartOf(opts.granularity, r.bucket))!]!;
    const key = r.key ?? NONE_KEY;
    const target = keptKeys.has(key) ? key : OTHER_KEY;
    point.values[target] = point.values[target]! + r.amount;
    point.total += r.amount;
  }
  const total = points.reduce((s, p) => s + p.total, 0n);
  const bucketMs = opts.granularity === 'week' ? 7 * DAY_MS : DAY_MS;
  return {
    from: opts.from,
    to: opts.to,
    bucketMs,
    granularity: opts.granularity,
    series,
    points,
    total,
  };
}
