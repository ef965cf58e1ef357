import { formatUsd, MICROS_PER_USD } from '@/lib/engine';
import { formatDayLabel } from '@/lib/format';

/** One bar of a spend-per-day chart, ready to cross into a client component (no bigint). */
export interface SpendPoint {
  day: string;
  label: string;
  /** Dollars as a number, for bar height and axis scale only. */
  dollars: number;
  /** The exact amount for people, formatted from micro-dollars without a float. */
  formatted: string;
}

/**
 * Turns the ledger's per-day bigint micro-dollars into chart points. Bigint cannot be serialized to
 * client components, and the chart needs numbers; the float is only geometry — every label shown to
 * a person comes from `formatted`.
 */
export function buildSpendSeries(days: readonly { day: string; amount: bigint }[]): SpendPoint[] {
  return days.map(({ day, amount }) => ({
    day,
    label: formatDayLabel(day),
    dollars: Number(amount) / Number(MICROS_PER_USD),
    formatted: formatUsd(amount),
  }));
}
