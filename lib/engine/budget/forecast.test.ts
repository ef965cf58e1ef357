import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { forecastBudget, forecastLine } from './forecast';

const now = FakeClock.REFERENCE_TIME;
const HOUR = 3_600_000;

describe('forecastBudget', () => {
  it('runs out when the remaining budget is spent at each rate', () => {
    const f = forecastBudget({
      limit: 10_000_000n,
      used: 4_000_000n,
      spentLastHour: 1_000_000n,
      spentLastDay: 2_400_000n,
      now,
      periodEnd: null,
    });
    expect(f.lastHour).toEqual({ perHour: 1_000_000n, runOut: now + 6 * HOUR });
    expect(f.lastDay).toEqual({ perHour: 100_000n, runOut: now + 60 * HOUR });
  });

  it('says "not at this rate" when nothing was spent or the period resets first', () => {
    const quiet = forecastBudget({
      limit: 10n,
      used: 0n,
      spentLastHour: 0n,
      spentLastDay: 0n,
      now,
      periodEnd: null,
    });
    expect(quiet.lastHour.runOut).toBe('not_at_this_rate');
    const resets = forecastBudget({
      limit: 10_000_000n,
      used: 0n,
      spentLastHour: 1_000_000n,
      spentLastDay: 1_000_000n,
      now,
      periodEnd: now + 5 * HOUR,
    });
    expect(resets.lastHour.runOut).toBe('not_at_this_rate');
  });

  it('says exhausted when the limit is already used', () => {
    const f = forecastBudget({
      limit: 10n,
      used: 12n,
      spentLastHour: 1n,
      spentLastDay: 1n,
      now,
      periodEnd: null,
    });
    expect(f.lastHour.runOut).toBe('exhausted');
  });

  it('draws a straight line from the current use at the hourly rate', () => {
    const line = forecastLine(100n, 60n, now, now + 2 * HOUR, 3);
    expect(line).toEqual([
      { at: now, amount: 100n },
      { at: now + HOUR, amount: 160n },
      { at: now + 2 * HOUR, amount: 220n },
    ]);
  });
});
