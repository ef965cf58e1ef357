import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import {
  chargeUnreserved,
  crossedThresholds,
  exhaustionAction,
  fits,
  periodEndOf,
  periodStartOf,
  remaining,
  reserve,
  rollOver,
  settle,
  usedPercent,
  type BudgetState,
} from './ledger';

function budget(overrides: Partial<BudgetState> = {}): BudgetState {
  return {
    id: 'b1',
    name: 'team',
    mode: 'stop',
    period: 'total',
    limit: 1_000_000n,
    spent: 0n,
    reserved: 0n,
    periodStart: 0,
    thresholds: [50, 80, 100],
    fired: [],
    ...overrides,
  };
}

describe('periods (UTC)', () => {
  it('starts a day at midnight UTC and a month on the 1st UTC', () => {
    const t = Date.UTC(2026, 1, 14, 23, 59, 59, 999);
    expect(periodStartOf('day', t)).toBe(Date.UTC(2026, 1, 14));
    expect(periodEndOf('day', t)).toBe(Date.UTC(2026, 1, 15));
    expect(periodStartOf('month', t)).toBe(Date.UTC(2026, 1, 1));
    expect(periodEndOf('month', t)).toBe(Date.UTC(2026, 2, 1));
    expect(periodEndOf('month', Date.UTC(2026, 11, 31))).toBe(Date.UTC(2027, 0, 1));
    expect(periodStartOf('total', t)).toBe(0);
    expect(periodEndOf('total', t)).toBeNull();
  });

  it('rolls a day budget over at midnight: spend and fired thresholds reset, reservations stay', () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 23, 0));
    const b = budget({
      period: 'day',
      periodStart: periodStartOf('day', clock.now()),
      spent: 900_000n,
      reserved: 50_000n,
      fired: [50, 80],
    });
    expect(rollOver(b, clock.now())).toBe(b);
    clock.advance(3_600_000);
    const next = rollOver(b, clock.now());
    expect(next).toMatchObject({ spent: 0n, reserved: 50_000n, fired: [] });
    expect(next.periodStart).toBe(Date.UTC(2026, 0, 2));
  });
});

describe('reserve and settle', () => {
  const now = FakeClock.REFERENCE_TIME;

  it('admits reservations up to the limit exactly, then refuses', () => {
    let b = budget({ limit: 3_000n });
    for (let i = 0; i < 3; i++) {
      const r = reserve(b, 1_000n, now);
      expect(r.ok).toBe(true);
      b = r.next;
    }
    expect(b.reserved).toBe(3_000n);
    expect(reserve(b, 1n, now).ok).toBe(false);
    expect(reserve(b, 0n, now).ok).toBe(true);
  });

  it('settles to the actual cost and gives the held estimate back', () => {
    const held = reserve(budget(), 400n, now);
    if (!held.ok) throw new Error('should fit');
    const { next } = settle(held.next, 400n, 250n, now);
    expect(next).toMatchObject({ reserved: 0n, spent: 250n });
  });

  it('a released reservation (lost attempt) costs nothing', () => {
    const held = reserve(budget(), 400n, now);
    if (!held.ok) throw new Error('should fit');
    expect(settle(held.next, 400n, 0n, now).next).toMatchObject({ reserved: 0n, spent: 0n });
  });

  it('warn never refuses; pause and stop refuse past the limit', () => {
    const full = budget({ spent: 1_000_000n });
    expect(fits({ ...full, mode: 'warn' }, 5n)).toBe(true);
    expect(fits({ ...full, mode: 'pause' }, 5n)).toBe(false);
    expect(fits({ ...full, mode: 'stop' }, 5n)).toBe(false);
  });

  it('stop wins over pause when both block', () => {
    expect(exhaustionAction([{ mode: 'pause' }, { mode: 'stop' }])).toBe('stop');
    expect(exhaustionAction([{ mode: 'pause' }])).toBe('pause');
  });

  it('rejects negative amounts', () => {
    expect(() => fits(budget(), -1n)).toThrow(RangeError);
    expect(() => settle(budget(), 0n, -1n, now)).toThrow(RangeError);
  });

  it('reports usage and headroom', () => {
    const b = budget({ limit: 1_000n, spent: 300n, reserved: 200n });
    expect(usedPercent(b)).toBe(50);
    expect(remaining(b)).toBe(500n);
    expect(remaining({ ...b, spent: 2_000n })).toBe(0n);
  });
});

describe('thresholds', () => {
  const clock = new FakeClock();

  it('fires 50, 80 and 100 % once each per period', () => {
    let b = budget({
      limit: 1_000n,
      period: 'day',
      periodStart: periodStartOf('day', clock.now()),
    });
    const fired: number[][] = [];
    for (const cost of [400n, 150n, 100n, 300n, 200n]) {
      const r = settle(b, 0n, cost, clock.now());
      fired.push(r.crossed);
      b = r.next;
    }
    // 400 → none, 550 → 50, 650 → none, 950 → 80, 1150 → 100
    expect(fired).toEqual([[], [50], [], [80], [100]]);
    expect(b.fired).toEqual([50, 80, 100]);
    // Next day: they fire again.
    clock.advance(86_400_000);
    const again = chargeUnreserved(b, 600n, clock.now());
    expect(again.crossed).toEqual([50]);
  });

  it('one large cost crosses several at once and says the limit was exceeded', () => {
    const r = chargeUnreserved(budget({ limit: 100n }), 120n, clock.now());
    expect(r.crossed).toEqual([50, 80, 100]);
    expect(r.exceeded).toBe(true);
    expect(chargeUnreserved(r.next, 10n, clock.now()).exceeded).toBe(false);
  });

  it('honours configured thresholds', () => {
    expect(crossedThresholds(1_000n, 250n, [25, 90], [])).toEqual([25]);
    expect(crossedThresholds(1_000n, 250n, [25, 90], [25])).toEqual([]);
  });
});

describe('property: parallel dispatches under a stop budget', () => {
  // Each attempt has an estimate and an actual cost (which may exceed the estimate). Any
  // interleaving of reserve / settle steps across attempts ends with spend ≤ limit + the
  // overshoot of admitted attempts over their own estimates; reservations never exceed the limit.
  const attempt = fc.record({
    estimate: fc.bigInt({ min: 0n, max: 5_000n }),
    actual: fc.bigInt({ min: 0n, max: 8_000n }),
  });

  it('never settles above the limit by more than the in-flight overshoot', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 20_000n }),
        fc.array(attempt, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
        (limit, attempts, schedule) => {
          let state = budget({ limit });
          const phase = attempts.map(() => 'new' as 'new' | 'held' | 'done' | 'refused');
          let overshoot = 0n;
          let step = 0;
          const pending = () => phase.flatMap((p, i) => (p === 'new' || p === 'held' ? [i] : []));
          for (let left = pending(); left.length > 0; left = pending()) {
            const i = left[(schedule[step++ % schedule.length] ?? 0) % left.length]!;
            const a = attempts[i]!;
            if (phase[i] === 'new') {
              const r = reserve(state, a.estimate, 0);
              state = r.next;
              phase[i] = r.ok ? 'held' : 'refused';
            } else {
              state = settle(state, a.estimate, a.actual, 0).next;
              if (a.actual > a.estimate) overshoot += a.actual - a.estimate;
              phase[i] = 'done';
            }
            expect(state.spent + state.reserved).toBeLessThanOrEqual(limit + overshoot);
          }
          expect(state.reserved).toBe(0n);
          expect(state.spent).toBeLessThanOrEqual(limit + overshoot);
        },
      ),
      { numRuns: 500 },
    );
  });
});
