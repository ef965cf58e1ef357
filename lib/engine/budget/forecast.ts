import type { Micros } from '../types';

const HOUR_MS = 3_600_000;

export interface ForecastInput {
  limit: Micros;
  /** Spent + reserved in the current period. */
  used: Micros;
  /** Spend in the hour before `now`. */
  spentLastHour: Micros;
  /** Spend in the 24 hours before `now`. */
  spentLastDay: Micros;
  now: number;
  /** When the period resets (epoch ms); null for a `total` budget. */
  periodEnd: number | null;
}

export interface RateForecast {
  /** Micro-dollars per hour at this rate (rounded down). */
  perHour: Micros;
  /**
   * When the budget runs out at this rate (epoch ms), `'exhausted'` when it already has, or
   * `'not_at_this_rate'` when the rate is zero or the period resets first.
   */
  runOut: number | 'exhausted' | 'not_at_this_rate';
}

export interface Forecast {
  lastHour: RateForecast;
  lastDay: RateForecast;
}

/**
 * Burn rate over the last hour and the last day, and when the budget runs out at each rate.
 * Integer arithmetic: the run-out instant is `now + ⌈remaining × window / spentInWindow⌉` ms.
 */
export function forecastBudget(input: ForecastInput): Forecast {
  return {
    lastHour: rate(input, input.spentLastHour, HOUR_MS),
    lastDay: rate(input, input.spentLastDay, 24 * HOUR_MS),
  };
}

function rate(input: ForecastInput, spent: Micros, windowMs: number): RateForecast {
  const window = BigInt(windowMs);
  const perHour = (spent * BigInt(HOUR_MS)) / window;
  const left = input.limit - input.used;
  if (left <= 0n) return { perHour, runOut: 'exhausted' };
  if (spent <= 0n) return { perHour, runOut: 'not_at_this_rate' };
  const ms = (left * window + spent - 1n) / spent;
  const at =
    input.now + Number(ms > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : ms);
  if (!Number.isSafeInteger(at) || (input.periodEnd !== null && at >= input.periodEnd)) {
    return { perHour, runOut: 'not_at_this_rate' };
  }
  return { perHour, runOut: at };
}

/** A forecast line for charts: `points` evenly spaced instants from now to run-out (or period end). */
export function forecastLine(
  used: Micros,
  perHour: Micros,
  now: number,
  until: number,
  points = 12,
): { at: number; amount: Micros }[] {
  if (until <= now || points < 2) return [{ at: now, amount: used }];
  const step = Math.floor((until - now) / (points - 1));
  return Array.from({ length: points }, (_, i) => {
    const at = i === points - 1 ? until : now + i * step;
    return { at, amount: used + (perHour * BigInt(at - now)) / BigInt(HOUR_MS) };
  });
}
