import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { ERROR_KINDS } from '../types';
import {
  CLOSED_CIRCUIT,
  DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  canAttempt,
  circuitOutcomeOf,
  isCallAllowed,
  recordOutcome,
  type CallOutcome,
  type CircuitBreaker,
} from './circuit-breaker';

function feed(breaker: CircuitBreaker, outcomes: CallOutcome[], now: number): CircuitBreaker {
  return outcomes.reduce((state, outcome) => recordOutcome(state, outcome, now), breaker);
}

const failures = (n: number): CallOutcome[] => Array.from({ length: n }, () => 'failure');

function openedBreaker(clock: FakeClock): CircuitBreaker {
  return feed({ ...CLOSED_CIRCUIT }, failures(5), clock.now());
}

describe('circuit breaker: closed', () => {
  it('opens after 5 consecutive failures, not 4', () => {
    const clock = new FakeClock();
    const four = feed({ ...CLOSED_CIRCUIT }, failures(4), clock.now());
    expect(four).toMatchObject({ state: 'closed', consecutiveFailures: 4 });
    expect(recordOutcome(four, 'failure', clock.now())).toEqual({
      state: 'open',
      consecutiveFailures: 0,
      since: clock.now(),
      trialCalls: 0,
    });
  });

  it('a success resets the failure count', () => {
    const breaker = feed({ ...CLOSED_CIRCUIT }, [...failures(4), 'success', ...failures(4)], 0);
    expect(breaker).toMatchObject({ state: 'closed', consecutiveFailures: 4 });
  });

  it('allows every call', () => {
    expect(canAttempt({ ...CLOSED_CIRCUIT }, 0)).toEqual({
      allowed: true,
      state: CLOSED_CIRCUIT,
      retryAt: null,
    });
  });
});

describe('circuit breaker: open → half_open timing', () => {
  it('refuses calls for 30 s, then lets exactly one trial through', () => {
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    const openedAt = clock.now();

    clock.advance(29_999);
    expect(canAttempt(opened, clock.now())).toEqual({
      allowed: false,
      state: opened,
      retryAt: openedAt + 30_000,
    });

    clock.advance(1);
    const trial = canAttempt(opened, clock.now());
    expect(trial).toEqual({
      allowed: true,
      state: { state: 'half_open', consecutiveFailures: 0, since: clock.now(), trialCalls: 1 },
      retryAt: null,
    });

    const second = canAttempt(trial.state, clock.now());
    expect(second.allowed).toBe(false);
  });

  it('trial success closes the breaker', () => {
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    clock.advance(30_000);
    const { state } = canAttempt(opened, clock.now());
    clock.advance(800);
    expect(recordOutcome(state, 'success', clock.now())).toEqual(CLOSED_CIRCUIT);
  });

  it('trial failure reopens it and restarts the 30 s timer', () => {
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    clock.advance(30_000);
    const { state } = canAttempt(opened, clock.now());
    clock.advance(2_000);
    const reopened = recordOutcome(state, 'failure', clock.now());
    expect(reopened).toMatchObject({ state: 'open', since: clock.now() });

    clock.advance(29_000);
    expect(canAttempt(reopened, clock.now()).allowed).toBe(false);
    clock.advance(1_000);
    expect(canAttempt(reopened, clock.now()).allowed).toBe(true);
  });

  it('honours halfOpenMaxCalls', () => {
    const options = { ...DEFAULT_CIRCUIT_BREAKER_OPTIONS, halfOpenMaxCalls: 2 };
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    clock.advance(30_000);
    const first = canAttempt(opened, clock.now(), options);
    const second = canAttempt(first.state, clock.now(), options);
    const third = canAttempt(second.state, clock.now(), options);
    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
  });

  it('hands out a fresh trial when the previous one never reported back', () => {
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    clock.advance(30_000);
    const lost = canAttempt(opened, clock.now()).state;
    clock.advance(29_999);
    expect(canAttempt(lost, clock.now()).allowed).toBe(false);
    clock.advance(1);
    expect(canAttempt(lost, clock.now())).toMatchObject({
      allowed: true,
      state: { state: 'half_open', since: clock.now(), trialCalls: 1 },
    });
  });

  it('ignores late outcomes while open: they neither close it nor extend it', () => {
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    clock.advance(10_000);
    expect(recordOutcome(opened, 'success', clock.now())).toBe(opened);
    expect(recordOutcome(opened, 'failure', clock.now())).toBe(opened);
  });

  it('isCallAllowed peeks without taking the trial slot', () => {
    const clock = new FakeClock();
    const opened = openedBreaker(clock);
    clock.advance(30_000);
    expect(isCallAllowed(opened, clock.now())).toBe(true);
    expect(isCallAllowed(opened, clock.now())).toBe(true);
    expect(opened.state).toBe('open');
  });
});

describe('circuitOutcomeOf', () => {
  it('counts agent faults, ignores cancellations and our own budget stops', () => {
    expect(circuitOutcomeOf(null)).toBe('success');
    const ignored = ERROR_KINDS.filter((kind) => circuitOutcomeOf(kind) === null);
    expect(ignored).toEqual(['budget', 'cancelled']);
    expect(circuitOutcomeOf('timeout')).toBe('failure');
  });
});
