import type { Micros } from '../types';

/**
 * Pure shaping for the Costs review page: the spend-over-time series (stacked by kind or agent) and
 * the estimated-vs-reported share. All buckets are UTC; amounts stay integer micro-dollars.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type SpendRange = 'day' | 'week' | 'month';

export const SPEND_RANGES: readonly SpendRange[] = ['day', 'week', 'month'];

/** The window and bucket size of a range: a day is 24 hourly buckets, a week 7 and a month 30 daily. */
export function rangeWindow(range: SpendRange, now: number) {
  const bucketMs = range === 'day' ? HOUR_MS : DAY_MS;
  const buckets = range === 'day' ? 24 : range === 'week' ? 7 : 30;
  // The last bucket is the one that contains `now` (UTC hour or UTC day).
  const lastStart = Math.floor(now / bucketMs) * bucketMs;
  const from = lastStart - (buckets - 1) * bucketMs;
  return { from, to: lastStart + bucketMs, bucketMs, buckets };
}

export interface SpendRow {
  /** Bucket start (epoch ms, UTC). */
  bucket: number;
  /** Series key (a kind, or an agent id; null for spend with no agent). */
  key: string | null;
  amount: Micros;
}

export interface SpendSeries {
  from: number;
  to: number;
  bucketMs: number;
  /** Series in stacking order (largest first, then "other"). */
  series: { key: string; label: string; total: Micros }[];
  /** One point per bucket; `values[key]` for each series key, zero-filled. */
  points: { at: number; values: Record<string, Micros>; total: Micros }[];
  total: Micros;
}

export const OTHER_KEY = '__other__';
export const NONE_KEY = '__none__';

/**
 * Turns grouped ledger rows into a zero-filled stacked series: the `maxSeries - 1` largest keys stay
 * their own series and the rest fold into "Other" so the legend stays readable; the sum of every
 * point equals the sum of the rows inside the window (rows outside it are ignored).
 */
export function shapeSpendSeries(
  rows: readonly SpendRow[],
  opts: {
    range: SpendRange;
    now: number;
    labels?: ReadonlyMap<string, string>;
    maxSeries?: number;
    noneLabel?: string;
  },
): SpendSeries {
  const { from, to, bucketMs, buckets } = rangeWindow(opts.range, opts.now);
  const maxSeries = Math.max(1, opts.maxSeries ?? 6);
  const inWindow = rows.filter((r) => r.bucket >= from && r.bucket < to);
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
  const points = Array.from({ length: buckets }, (_, i) => {
    const values: Record<string, Micros> = {};
    for (const s of series) values[s.key] = 0n;
    return { at: from + i * bucketMs, values, total: 0n };
  });
  for (const r of inWindow) {
    const point = points[Math.floor((r.bucket - from) / bucketMs)]!;
    const key = r.key ?? NONE_KEY;
    const target = keptKeys.has(key) ? key : OTHER_KEY;
    point.values[target] = point.values[target]! + r.amount;
    point.total += r.amount;
  }
  const total = points.reduce((s, p) => s + p.total, 0n);
  return { from, to, bucketMs, series, points, total };
}

/**
 * Share of spend the agents reported (vs estimated from prices), in whole per-mille so the UI can
 * show one decimal percent without floats; null when nothing was spent.
 */
export function reportedShare(total: Micros, reported: Micros): number | null {
  if (total <= 0n) return null;
  const clamped = reported < 0n ? 0n : reported > total ? total : reported;
  return Number((clamped * 1000n + total / 2n) / total);
}

/** "12.5%" from a per-mille share. */
export function formatPerMille(perMille: number): string {
  return `${Math.floor(perMille / 10)}.${perMille % 10}%`;
}
