import type { Clock } from './types';

/** The real clock. Only composition code (lib/server, scripts) should construct it. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that moves only when told to. Starts at a fixed reference time so tests are repeatable.
 */
export class FakeClock implements Clock {
  /** 2026-01-01T00:00:00.000Z — the default reference time for tests. */
  static readonly REFERENCE_TIME = Date.UTC(2026, 0, 1);

  #now: number;

  constructor(start: number = FakeClock.REFERENCE_TIME) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms` milliseconds (never backwards). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance(ms) needs ms >= 0, got ${ms}`);
    this.#now += ms;
  }

  set(epochMs: number): void {
    this.#now = epochMs;
  }
}
