import type { BudgetMode, BudgetPeriod, Micros } from '../types';

/**
 * Budget arithmetic (architecture.md §6): reserve before dispatch, settle after. Pure — the caller
 * (lib/server/budget/reservations.ts) loads budget rows under a lock, asks these functions, and
 * writes the result back in the same transaction. All money is integer micro-dollars (bigint).
 *
 * A budget's usage in its current period is `spent` (settled, actual cost) plus `reserved`
 * (estimates of attempts in flight). A `pause` or `stop` budget admits a reservation only while
 * `spent + reserved + estimate <= limit`; a `warn` budget admits everything and only reports.
 * An attempt may cost more than its estimate, so `spent` may end above the limit by at most the
 * in-flight attempts' overshoot of their own estimates (the property test checks this).
 */

/** Default threshold percentages that emit an event, each once per period. */
export const DEFAULT_THRESHOLDS: readonly number[] = [50, 80, 100];

export interface BudgetState {
  id: string;
  name: string;
  mode: BudgetMode;
  period: BudgetPeriod;
  limit: Micros;
  /** Settled cost in the current period. */
  spent: Micros;
  /** Estimates held by attempts in flight (any period: they settle into the period they end in). */
  reserved: Micros;
  /** Epoch ms: the start of the period `spent` and `fired` belong to. */
  periodStart: number;
  /** Threshold percentages (1–100, ascending) that emit an event. */
  thresholds: readonly number[];
  /** Thresholds already fired in the current period. */
  fired: readonly number[];
}

const DAY_MS = 86_400_000;

/** Start of the UTC period containing `now`: epoch 0 for `total`, midnight UTC, the 1st UTC. */
export function periodStartOf(period: BudgetPeriod, now: number): number {
  const d = new Date(now);
  switch (period) {
    case 'total':
      return 0;
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
}

/** End (exclusive) of the UTC period containing `now`; null for `total` (it never resets). */
export function periodEndOf(period: BudgetPeriod, now: number): number | null {
  const d = new Date(now);
  switch (period) {
    case 'total':
      return null;
    case 'day':
      return periodStartOf('day', now) + DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
}

/**
 * The state as of `now`: a budget whose period ended starts the new one with nothing spent and no
 * threshold fired. Reservations in flight stay held (they settle into the period they end in).
 */
export function rollOver(state: BudgetState, now: number): BudgetState {
  const start = periodStartOf(state.period, now);
  if (start === state.periodStart) return state;
  return { ...state, periodStart: start, spent: 0n, fired: [] };
}

/** Whether a reservation of `estimate` fits: always for `warn`, else within the limit. */
export function fits(state: BudgetState, estimate: Micros): boolean {
  if (estimate < 0n) throw new RangeError(`An estimate cannot be negative, got ${estimate}.`);
  if (state.mode === 'warn') return true;
  return state.spent + state.reserved + estimate <= state.limit;
}

export type ReserveResult =
  { ok: true; next: BudgetState } | { ok: false; next: BudgetState; budget: BudgetState };

/** Holds `estimate` against the budget (after rolling the period over), or says it does not fit. */
export function reserve(state: BudgetState, estimate: Micros, now: number): ReserveResult {
  const current = rollOver(state, now);
  if (!fits(current, estimate)) return { ok: false, next: current, budget: current };
  return { ok: true, next: { ...current, reserved: current.reserved + estimate } };
}

export interface SettleResult {
  next: BudgetState;
  /** Thresholds crossed by this settlement (not fired before in this period), ascending. */
  crossed: number[];
  /** True when this settlement took `spent` past the limit for the first time this period. */
  exceeded: boolean;
}

/**
 * Turns a reservation into actual cost: the held `reserved` amount is given back and `actual` is
 * added to the current period's spend. A released reservation (lost attempt) settles with 0.
 */
export function settle(
  state: BudgetState,
  reserved: Micros,
  actual: Micros,
  now: number,
): SettleResult {
  if (actual < 0n) throw new RangeError(`A cost cannot be negative, got ${actual}.`);
  const current = rollOver(state, now);
  const held = current.reserved - reserved;
  const next: BudgetState = {
    ...current,
    // Never negative: a reservation made before a limit edit or a restore settles cleanly.
    reserved: held < 0n ? 0n : held,
    spent: current.spent + actual,
  };
  return charge(next, current.spent);
}

/** Adds a cost that had no reservation (planning, routing embeddings) to the current period. */
export function chargeUnreserved(state: BudgetState, actual: Micros, now: number): SettleResult {
  if (actual < 0n) throw new RangeError(`A cost cannot be negative, got ${actual}.`);
  const current = rollOver(state, now);
  return charge({ ...current, spent: current.spent + actual }, current.spent);
}

function charge(next: BudgetState, spentBefore: Micros): SettleResult {
  const crossed = crossedThresholds(next.limit, next.spent, next.thresholds, next.fired);
  const exceeded = spentBefore <= next.limit && next.spent > next.limit;
  return {
    next:
      crossed.length > 0 ? { ...next, fired: [...next.fired, ...crossed].sort(byNumber) } : next,
    crossed,
    exceeded,
  };
}

/** Thresholds `spent` has reached (spent × 100 ≥ limit × p) that were not fired yet, ascending. */
export function crossedThresholds(
  limit: Micros,
  spent: Micros,
  thresholds: readonly number[],
  fired: readonly number[],
): number[] {
  return thresholds
    .filter((p) => !fired.includes(p) && spent * 100n >= limit * BigInt(p))
    .sort(byNumber);
}

function byNumber(a: number, b: number): number {
  return a - b;
}

/** Share of the limit used, spent + reserved, in whole percent (rounded down; 0 limit → 100). */
export function usedPercent(state: Pick<BudgetState, 'limit' | 'spent' | 'reserved'>): number {
  if (state.limit <= 0n) return 100;
  return Number(((state.spent + state.reserved) * 100n) / state.limit);
}

/** Remaining headroom in the period (never negative). */
export function remaining(state: Pick<BudgetState, 'limit' | 'spent' | 'reserved'>): Micros {
  const left = state.limit - state.spent - state.reserved;
  return left < 0n ? 0n : left;
}

/**
 * What happens when budgets leave a task no candidate: the strictest blocking mode wins — `stop`
 * (cancel the rest, fail the request `budget_exceeded`) over `pause` (wait in awaiting_approval).
 * `warn` budgets never block, so they never reach this.
 */
export function exhaustionAction(blocking: readonly Pick<BudgetState, 'mode'>[]): 'stop' | 'pause' {
  return blocking.some((b) => b.mode === 'stop') ? 'stop' : 'pause';
}
