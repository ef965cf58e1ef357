import { describe, expect, it } from 'vitest';
import { FakeClock } from '@/lib/engine';
import {
  afterFailure,
  describeWait,
  FREE_FAILURES,
  lockDurationMs,
  retryAfterSeconds,
  type ThrottleState,
} from './throttle-policy';

describe('sign-in throttle policy', () => {
  it('lets the first failures through, then locks for 30 s doubling up to 15 min', () => {
    expect(Array.from({ length: FREE_FAILURES }, (_, i) => lockDurationMs(i + 1))).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect([6, 7, 8, 9, 10, 11, 12, 50].map(lockDurationMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ]);
  });

  it('counts consecutive failures and tells how long to wait', () => {
    const clock = new FakeClock();
    let state: ThrottleState | null = null;
    for (let i = 0; i < FREE_FAILURES; i++) {
      state = afterFailure(state, clock.now());
      expect(retryAfterSeconds(state, clock.now())).toBe(0);
    }
    state = afterFailure(state, clock.now());
    expect(retryAfterSeconds(state, clock.now())).toBe(30);
    clock.advance(29_001);
    expect(retryAfterSeconds(state, clock.now())).toBe(1);
    clock.advance(1_000);
    expect(retryAfterSeconds(state, clock.now())).toBe(0);
    state = afterFailure(state, clock.now());
    expect(retryAfterSeconds(state, clock.now())).toBe(60);
  });

  it('describes waits for people', () => {
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(30)).toBe('30 seconds');
    expect(describeWait(60)).toBe('1 minute');
    expect(describeWait(61)).toBe('2 minutes');
  });
});
