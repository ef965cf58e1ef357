import { type CircuitState, type ErrorKind } from '../types';

/**
 * A per-agent circuit breaker fed by the outcomes of real calls (not health probes), so an agent that
 * starts failing under load stops receiving work within seconds instead of at the next health check.
 *
 * closed ── `failureThreshold` consecutive failures ──▶ open
 * open ── `openDurationMs` elapsed, on the next canAttempt ──▶ half_open (that call is the trial)
 * half_open ── trial succeeds ──▶ closed      half_open ── trial fails ──▶ open (timer restarts)
 *
 * Consecutive failures rather than a failure rate over a window: it needs one counter (already a
 * column on the agent), reacts to a hard outage after exactly N calls whatever the traffic, and a
 * flaky-but-working agent is the health monitor's business (DEGRADED), not the breaker's.
 */
export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open a closed breaker. Default 5. */
  failureThreshold: number;
  /** How long an open breaker refuses calls before it lets a trial through. Default 30 000 ms. */
  openDurationMs: number;
  /** Trial calls allowed at once while half-open. Default 1. */
  halfOpenMaxCalls: number;
}

export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: Readonly<CircuitBreakerOptions> = Object.freeze({
  failureThreshold: 5,
  openDurationMs: 30_000,
  halfOpenMaxCalls: 1,
});

export interface CircuitBreaker {
  state: CircuitState;
  /** Consecutive failed calls while closed. */
  consecutiveFailures: number;
  /** When the breaker entered its current open or half_open state (epoch ms); null when closed. */
  since: number | null;
  /** Trial calls handed out since the breaker became half_open. */
  trialCalls: number;
}

export const CLOSED_CIRCUIT: Readonly<CircuitBreaker> = Object.freeze({
  state: 'closed',
  consecutiveFailures: 0,
  since: null,
  trialCalls: 0,
});

export type CallOutcome = 'success' | 'failure';

/**
 * Which failed calls count against the agent. Cancellations and our own budget stops say nothing
 * about the agent's health; everything else (including auth and rate limits — the agent cannot serve
 * us either way) does.
 */
export const COUNTS_AGAINST_CIRCUIT = {
  network: true,
  timeout: true,
  rate_limit: true,
  auth: true,
  server: true,
  invalid_response: true,
  budget: false,
  cancelled: false,
} as const satisfies Record<ErrorKind, boolean>;

/** Maps a finished attempt to a breaker outcome; null when the breaker should ignore it. */
export function circuitOutcomeOf(errorKind: ErrorKind | null): CallOutcome | null {
  if (errorKind === null) return 'success';
  return COUNTS_AGAINST_CIRCUIT[errorKind] ? 'failure' : null;
}

export interface AttemptDecision {
  allowed: boolean;
  /** The breaker after this decision; persist it (a half-open trial slot may have been taken). */
  state: CircuitBreaker;
  /** When a refused call could next be allowed (epoch ms); null when allowed. */
  retryAt: number | null;
}

/**
 * Asks the breaker for permission to make one call now. In half_open this hands out a trial slot, so
 * call it only for the call about to be made; routing filters candidates with `isCallAllowed`.
 */
export function canAttempt(
  breaker: CircuitBreaker,
  now: number,
  options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER_OPTIONS,
): AttemptDecision {
  const handlers = {
    closed: () => allow(breaker),
    open: () => attemptWhileOpen(breaker, now, options),
    half_open: () => attemptWhileHalfOpen(breaker, now, options),
  } satisfies Record<CircuitState, () => AttemptDecision>;
  return handlers[breaker.state]();
}

/** Read-only version of `canAttempt`: would a call be allowed now? Takes no trial slot. */
export function isCallAllowed(
  breaker: CircuitBreaker,
  now: number,
  options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER_OPTIONS,
): boolean {
  return canAttempt(breaker, now, options).allowed;
}

/** Feeds the outcome of a finished call to the breaker. */
export function recordOutcome(
  breaker: CircuitBreaker,
  outcome: CallOutcome,
  now: number,
  options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER_OPTIONS,
): CircuitBreaker {
  const handlers = {
    closed: () => recordWhileClosed(breaker, outcome, now, options),
    // Results of calls started before the breaker opened neither close it early nor extend it.
    open: () => breaker,
    half_open: () => (outcome === 'success' ? { ...CLOSED_CIRCUIT } : open(now)),
  } satisfies Record<CircuitState, () => CircuitBreaker>;
  return handlers[breaker.state]();
}

function attemptWhileOpen(
  breaker: CircuitBreaker,
  now: number,
  options: CircuitBreakerOptions,
): AttemptDecision {
  const retryAt = (breaker.since ?? now) + options.openDurationMs;
  if (now < retryAt) return { allowed: false, state: breaker, retryAt };
  return allow({ state: 'half_open', consecutiveFailures: 0, since: now, trialCalls: 1 });
}

function attemptWhileHalfOpen(
  breaker: CircuitBreaker,
  now: number,
  options: CircuitBreakerOptions,
): AttemptDecision {
  if (breaker.trialCalls < options.halfOpenMaxCalls) {
    return allow({ ...breaker, trialCalls: breaker.trialCalls + 1 });
  }
  // A trial whose outcome never arrives (worker crash, cancelled call) would wedge the breaker in
  // half_open forever; after another open period, hand out a fresh trial instead.
  const retryAt = (breaker.since ?? now) + options.openDurationMs;
  if (now < retryAt) return { allowed: false, state: breaker, retryAt };
  return allow({ ...breaker, since: now, trialCalls: 1 });
}

function recordWhileClosed(
  breaker: CircuitBreaker,
  outcome: CallOutcome,
  now: number,
  options: CircuitBreakerOptions,
): CircuitBreaker {
  if (outcome === 'success') return { ...CLOSED_CIRCUIT };
  const consecutiveFailures = breaker.consecutiveFailures + 1;
  if (consecutiveFailures >= options.failureThreshold) return open(now);
  return { ...breaker, consecutiveFailures };
}

function open(now: number): CircuitBreaker {
  return { state: 'open', consecutiveFailures: 0, since: now, trialCalls: 0 };
}

function allow(state: CircuitBreaker): AttemptDecision {
  return { allowed: true, state, retryAt: null };
}
