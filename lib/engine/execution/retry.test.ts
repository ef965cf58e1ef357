import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { ERROR_KINDS, type ErrorKind } from '../types';
import {
  DEFAULT_RETRY_POLICY,
  RETRY_CLASS,
  backoffCap,
  backoffSchedule,
  nextRetry,
  type RetryPolicy,
} from './retry';

const never = () => {
  throw new Error('randomness must not be drawn here');
};

describe('retry policy defaults', () => {
  it('documents 3 attempts, 500 ms base, factor 2, 30 s cap, full jitter', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 3,
      baseDelayMs: 500,
      factor: 2,
      maxDelayMs: 30_000,
      jitter: 'full',
    });
  });
});

describe('retry classification', () => {
  const table: [ErrorKind, 'retry' | 'fallback' | 'never'][] = [
    ['network', 'retry'],
    ['timeout', 'retry'],
    ['rate_limit', 'retry'],
    ['server', 'retry'],
    ['auth', 'fallback'],
    ['invalid_response', 'fallback'],
    ['budget', 'never'],
    ['cancelled', 'never'],
  ];

  it('covers every error kind', () => {
    expect(table.map(([kind]) => kind).sort()).toEqual([...ERROR_KINDS].sort());
  });

  it.each(table)('%s → %s', (kind, expected) => {
    expect(RETRY_CLASS[kind]).toBe(expected);
    const decision = nextRetry(1, kind, DEFAULT_RETRY_POLICY, () => 0.5);
    if (expected === 'retry')
      expect(decision).toEqual({ retry: true, delayMs: 250, fallback: false });
    if (expected === 'fallback')
      expect(decision).toEqual({ retry: true, delayMs: 0, fallback: true });
    if (expected === 'never') {
      expect(decision).toMatchObject({ retry: false, reason: 'not_retryable' });
    }
  });
});

describe('nextRetry', () => {
  it('stops after maxAttempts, counting fallbacks too', () => {
    expect(nextRetry(2, 'timeout', DEFAULT_RETRY_POLICY, () => 0)).toMatchObject({ retry: true });
    expect(nextRetry(3, 'timeout', DEFAULT_RETRY_POLICY, never)).toEqual({
      retry: false,
      reason: 'attempts_exhausted',
      message: 'gave up after 3 of 3 attempts (last error: timeout)',
    });
    expect(nextRetry(3, 'auth', DEFAULT_RETRY_POLICY, never)).toMatchObject({
      retry: false,
      reason: 'attempts_exhausted',
    });
  });

  it('never draws randomness for fallbacks and non-retryable errors', () => {
    expect(() => nextRetry(1, 'auth', DEFAULT_RETRY_POLICY, never)).not.toThrow();
    expect(() => nextRetry(1, 'cancelled', DEFAULT_RETRY_POLICY, never)).not.toThrow();
  });

  it('waits exactly the cap without jitter', () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, jitter: 'none' };
    const delays = [1, 2, 3, 4].map((n) => nextRetry(n, 'server', policy, never));
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('keeps full-jitter delays in [0, cap) for every seeded draw', () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 10 };
    const random = mulberry32(12);
    for (let attempt = 1; attempt < 10; attempt++) {
      const cap = backoffCap(attempt, policy);
      let max = 0;
      for (let i = 0; i < 500; i++) {
        const decision = nextRetry(attempt, 'network', policy, random);
        if (!decision.retry) throw new Error('expected a retry');
        expect(decision.delayMs).toBeGreaterThanOrEqual(0);
        expect(decision.delayMs).toBeLessThan(cap);
        max = Math.max(max, decision.delayMs);
      }
      // Full jitter uses the whole range, not a sliver of it.
      expect(max).toBeGreaterThan(cap * 0.9);
    }
  });

  it('rejects a bad attempt number or policy', () => {
    expect(() => nextRetry(0, 'network', DEFAULT_RETRY_POLICY, () => 0)).toThrow(RangeError);
    expect(() =>
      nextRetry(1, 'network', { ...DEFAULT_RETRY_POLICY, factor: 0.5 }, () => 0),
    ).toThrow(/factor >= 1/);
  });
});

describe('backoffSchedule', () => {
  it('gives the default bounds: 0–500 ms then 0–1 000 ms', () => {
    expect(backoffSchedule()).toEqual([
      { attempt: 2, minDelayMs: 0, maxDelayMs: 500 },
      { attempt: 3, minDelayMs: 0, maxDelayMs: 1_000 },
    ]);
  });

  it('grows by the factor and is capped at maxDelayMs', () => {
    const schedule = backoffSchedule({ ...DEFAULT_RETRY_POLICY, maxAttempts: 10 });
    expect(schedule.map((step) => step.maxDelayMs)).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    const fixed = backoffSchedule({ ...DEFAULT_RETRY_POLICY, jitter: 'none' });
    expect(fixed).toEqual([
      { attempt: 2, minDelayMs: 500, maxDelayMs: 500 },
      { attempt: 3, minDelayMs: 1_000, maxDelayMs: 1_000 },
    ]);
  });

  it('is empty when only one attempt is allowed', () => {
    expect(backoffSchedule({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toEqual([]);
  });
});
