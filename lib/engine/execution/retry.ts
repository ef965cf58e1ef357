import { drawUnit, type Random } from '../random';
import { type ErrorKind } from '../types';

/**
 * Retry policy for one task: exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff and Jitter", 2015 — full jitter spreads retries of many failing tasks so they do not hit a
 * recovering agent in lockstep).
 *
 *   cap(n)   = min(maxDelayMs, baseDelayMs · factor^(n − 1))   for the retry after attempt n
 *   delay(n) = ⌊random() · cap(n)⌋ ∈ [0, cap(n))                 (jitter 'full')
 *            = cap(n)                                            (jitter 'none')
 */
export interface RetryPolicy {
  /** Attempts per task, across every agent tried (first call, retries and fallbacks). Default 3. */
  maxAttempts: number;
  /** Backoff cap before the first retry. Default 500 ms. */
  baseDelayMs: number;
  /** Growth of the cap per attempt. Default 2. */
  factor: number;
  /** Upper bound of any delay. Default 30 000 ms. */
  maxDelayMs: number;
  /** 'full' draws the delay uniformly in [0, cap); 'none' waits exactly the cap. Default 'full'. */
  jitter: 'full' | 'none';
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 'full',
});

/**
 * What a failed attempt allows next.
 * - `retry`: transient — the same agent again after a backoff (network, timeout, rate_limit, server).
 * - `fallback`: this agent cannot serve the call as it is (auth: bad credentials; invalid_response:
 *   it answered, but unusably), so repeating it is pointless — but another candidate may succeed.
 *   The next candidate is tried at once, with no backoff, and the attempt still counts toward
 *   maxAttempts so a request cannot walk a long list of broken agents.
 * - `never`: our own stop (budget exhausted, cancelled); no agent would change the answer.
 */
export const RETRY_CLASS = {
  network: 'retry',
  timeout: 'retry',
  rate_limit: 'retry',
  server: 'retry',
  auth: 'fallback',
  invalid_response: 'fallback',
  budget: 'never',
  cancelled: 'never',
} as const satisfies Record<ErrorKind, 'retry' | 'fallback' | 'never'>;
export type RetryClass = (typeof RETRY_CLASS)[ErrorKind];

export type RetryDecision =
  | {
      retry: true;
      /** Wait this long before the next attempt (0 for a fallback). */
      delayMs: number;
      /** true: call the next candidate from `fallbackOrder`; false: the same agent again. */
      fallback: boolean;
    }
  | { retry: false; reason: 'attempts_exhausted' | 'not_retryable'; message: string };

/**
 * Decides what follows a failed attempt. `attemptNumber` is the 1-based number of the attempt that
 * just failed. When `fallback` is true and no candidate is left, the caller fails the task.
 */
export function nextRetry(
  attemptNumber: number,
  errorKind: ErrorKind,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: Random,
): RetryDecision {
  assertPolicy(policy);
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be an integer >= 1, got ${attemptNumber}.`);
  }
  const retryClass = RETRY_CLASS[errorKind];
  if (retryClass === 'never') {
    return {
      retry: false,
      reason: 'not_retryable',
      message: `${errorKind} errors are not retried`,
    };
  }
  if (attemptNumber >= policy.maxAttempts) {
    return {
      retry: false,
      reason: 'attempts_exhausted',
      message: `gave up after ${attemptNumber} of ${policy.maxAttempts} attempts (last error: ${errorKind})`,
    };
  }
  if (retryClass === 'fallback') return { retry: true, delayMs: 0, fallback: true };
  const cap = backoffCap(attemptNumber, policy);
  const delayMs = policy.jitter === 'full' ? Math.floor(drawUnit(random) * cap) : cap;
  return { retry: true, delayMs, fallback: false };
}

/** The largest delay before the retry that follows attempt `attemptNumber`. */
export function backoffCap(attemptNumber: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY) {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attemptNumber - 1));
}

export interface BackoffStep {
  /** The attempt this wait precedes (2 = the first retry). */
  attempt: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before each retry of a transient error, as bounds (docs, UI, tests). Defaults give
 * attempt 2: 0–500 ms, attempt 3: 0–1 000 ms.
 */
export function backoffSchedule(policy: RetryPolicy = DEFAULT_RETRY_POLICY): BackoffStep[] {
  assertPolicy(policy);
  return Array.from({ length: policy.maxAttempts - 1 }, (_, i) => {
    const cap = backoffCap(i + 1, policy);
    return { attempt: i + 2, minDelayMs: policy.jitter === 'full' ? 0 : cap, maxDelayMs: cap };
  });
}

function assertPolicy(policy: RetryPolicy): void {
  const problems = [
    Number.isInteger(policy.maxAttempts) && policy.maxAttempts >= 1 ? null : 'maxAttempts >= 1',
    policy.baseDelayMs >= 0 ? null : 'baseDelayMs >= 0',
    policy.factor >= 1 ? null : 'factor >= 1',
    policy.maxDelayMs >= 0 ? null : 'maxDelayMs >= 0',
  ].filter((problem) => problem !== null);
  if (problems.length > 0)
    throw new RangeError(`Invalid retry policy: needs ${problems.join(', ')}.`);
}
