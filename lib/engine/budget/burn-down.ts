import type { BudgetPeriod, Micros } from '../types';
import { forecastBudget, forecastLine, type Forecast, type RateForecast } from './forecast';

/**
 * A budget's burn-down for the Costs page: cumulative spend through its current period, the
 * forecast line at the faster of the last-hour and last-day rates, and when (if ever) it is
 * projected to exceed its limit. Pure; integer micro-dollars.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A `total` budget never resets: its chart shows the last 30 days and looks 30 days ahead. */
export const TOTAL_BUDGET_WINDOW_MS = 30 * DAY_MS;

export interface BurnDownInput {
  period: BudgetPeriod;
  limit: Micros;
  /** Settled spend in the current period (the budget row). */
  spent: Micros;
  /** Estimates held by calls in flight. */
  reserved: Micros;
  /** UTC start of the current period (epoch ms); ignored for `total`. */
  periodStart: number;
  /** End of the current period (epoch ms); null for `total`. */
  periodEnd: number | null;
  now: number;
  /** Ledger spend of the budget's scope per bucket (bucket start, epoch ms) since `chartStart`. */
  buckets: readonly { at: number; amount: Micros }[];
  spentLastHour: Micros;
  spentLastDay: Micros;
}

export interface BurnDown {
  /** Where the chart's time axis starts and ends. */
  chartStart: number;
  chartEnd: number;
  bucketMs: number;
  /** Cumulative spend at the end of each bucket up to now; the last point is `spent`. */
  actual: { at: number; amount: Micros }[];
  /** From now (spent + reserved) to run-out or the chart's end, at `rate`'s speed. */
  forecast: { at: number; amount: Micros }[];
  /** The rate the forecast line and the projection use: the faster of the two. */
  rate: 'lastHour' | 'lastDay';
  rates: Forecast;
  /** Projected instant the limit is exceeded at `rate`; null when not at this rate. */
  exceedsAt: number | null;
  isExhausted: boolean;
}

/** The window a budget's chart covers and its bucket size (hourly for a day, else daily). */
export function burnDownWindow(
  period: BudgetPeriod,
  periodStart: number,
  periodEnd: number | null,
  now: number,
) {
  if (period === 'day') return { chartStart: periodStart, chartEnd: periodEnd!, bucketMs: HOUR_MS };
  if (period === 'month')
    return { chartStart: periodStart, chartEnd: periodEnd!, bucketMs: DAY_MS };
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  return {
    chartStart: dayStart - TOTAL_BUDGET_WINDOW_MS + DAY_MS,
    chartEnd: now + TOTAL_BUDGET_WINDOW_MS,
    bucketMs: DAY_MS,
  };
}

export function buildBurnDown(input: BurnDownInput): BurnDown {
  const { chartStart, chartEnd, bucketMs } = burnDownWindow(
    input.period,
    input.periodStart,
    input.periodEnd,
    input.now,
  );
  const used = input.spent + input.reserved;
  const rates = forecastBudget({
    limit: input.limit,
    used,
    spentLastHour: input.spentLastHour,
    spentLastDay: input.spentLastDay,
    now: input.now,
    periodEnd: input.periodEnd,
  });
  const rate: 'lastHour' | 'lastDay' =
    rates.lastHour.perHour >= rates.lastDay.perHour ? 'lastHour' : 'lastDay';
  const chosen: RateForecast = rates[rate];

  // Cumulative spend, anchored so the last point equals the budget's own `spent` (the row is the
  // truth enforcement uses; a budget created mid-period started from the ledger's sum).
  const inChart = input.buckets.filter((b) => b.at >= chartStart && b.at <= input.now);
  const windowSum = inChart.reduce((s, b) => s + b.amount, 0n);
  let running = input.spent > windowSum ? input.spent - windowSum : 0n;
  const byBucket = new Map<number, Micros>();
  for (const b of inChart) {
    const at = chartStart + Math.floor((b.at - chartStart) / bucketMs) * bucketMs;
    byBucket.set(at, (byBucket.get(at) ?? 0n) + b.amount);
  }
  const actual: { at: number; amount: Micros }[] = [{ at: chartStart, amount: running }];
  for (let at = chartStart; at + bucketMs <= input.now; at += bucketMs) {
    running += byBucket.get(at) ?? 0n;
    actual.push({ at: at + bucketMs, amount: running });
  }
  actual.push({ at: input.now, amount: input.spent });

  const exceedsAt = typeof chosen.runOut === 'number' ? chosen.runOut : null;
  // The line stops at the run-out when it falls inside the chart (a far-off run-out of a `total`
  // budget is stated in words, not drawn years wide).
  const until = exceedsAt !== null && exceedsAt < chartEnd ? exceedsAt : chartEnd;
  return {
    chartStart,
    chartEnd,
    bucketMs,
    actual,
    forecast: forecastLine(used, chosen.perHour, input.now, until),
    rate,
    rates,
    exceedsAt,
    isExhausted: chosen.runOut === 'exhausted',
  };
}
