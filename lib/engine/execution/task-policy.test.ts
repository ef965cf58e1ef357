import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { mulberry32 } from '../random';
import { TASK_STATUSES, type TaskStatus } from '../types';
import type { RetryPolicy } from './retry';
import {
  TASK_TRANSITIONS,
  assertTaskTransition,
  attemptTimeoutMs,
  canTransitionAttempt,
  canTransitionTask,
  decideClaim,
  loopStop,
  settleRound,
  type ClaimFacts,
  type SettleFacts,
} from './task-policy';

const never = () => {
  throw new Error('randomness must not be drawn here');
};
const policy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  factor: 2,
  maxDelayMs: 5_000,
  jitter: 'none',
};

describe('task state machine', () => {
  it('covers every status, and a succeeded task never changes again', () => {
    expect(Object.keys(TASK_TRANSITIONS).sort()).toEqual([...TASK_STATUSES].sort());
    for (const to of TASK_STATUSES) expect(canTransitionTask('succeeded', to)).toBe(false);
  });

  it.each<[TaskStatus, TaskStatus, boolean]>([
    ['pending', 'ready', true],
    ['pending', 'running', false],
    ['ready', 'running', true],
    ['running', 'retrying', true],
    ['retrying', 'running', true],
    ['running', 'pending', false],
    ['failed', 'pending', true],
    ['failed', 'running', false],
    ['skipped', 'pending', true],
    ['cancelled', 'succeeded', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransitionTask(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTaskTransition(from, to)).not.toThrow();
    else expect(() => assertTaskTransition(from, to, 'x')).toThrow(`'x': ${from} → ${to}`);
  });

  it('an attempt is settled once', () => {
    expect(canTransitionAttempt('running', 'succeeded')).toBe(true);
    expect(canTransitionAttempt('succeeded', 'failed')).toBe(false);
    expect(canTransitionAttempt('failed', 'running')).toBe(false);
  });
});

describe('decideClaim', () => {
  const clock = new FakeClock(Date.parse('2026-12-04T12:00:00Z'));
  const facts = (over: Partial<ClaimFacts> = {}): ClaimFacts => ({
    now: clock.now(),
    deadlineAt: null,
    taskAttempts: 0,
    taskMaxAttempts: 3,
    requestAttempts: 0,
    plannedAttempts: 3,
    ...over,
  });

  it('lets a fresh task proceed', () => {
    expect(decideClaim(facts())).toEqual({ kind: 'proceed' });
  });

  it('stops the request once the clock passes its deadline, not before', () => {
    const deadlineAt = clock.now() + 1_000;
    expect(decideClaim(facts({ deadlineAt })).kind).toBe('proceed');
    clock.advance(1_000);
    expect(decideClaim(facts({ now: clock.now(), deadlineAt }))).toEqual({
      kind: 'stop_request',
      reason: 'the request passed its deadline',
    });
  });

  it('fails a task that used its attempts', () => {
    expect(decideClaim(facts({ taskAttempts: 3 }))).toEqual({
      kind: 'fail_task',
      message: 'gave up after 3 of 3 attempts',
    });
  });

  it('caps a request at the loop guard, or its planned attempts when the plan is bigger', () => {
    expect(decideClaim(facts({ requestAttempts: 49 })).kind).toBe('proceed');
    expect(decideClaim(facts({ requestAttempts: 50 }))).toEqual({
      kind: 'stop_request',
      reason: 'loop protection: the request reached its limit of 50 agent calls',
    });
    expect(decideClaim(facts({ requestAttempts: 50, plannedAttempts: 600 })).kind).toBe('proceed');
    expect(decideClaim(facts({ requestAttempts: 600, plannedAttempts: 600 })).kind).toBe(
      'stop_request',
    );
    expect(
      decideClaim(facts({ requestAttempts: 5, loopGuard: { maxAttempts: 5 }, plannedAttempts: 3 })),
    ).toMatchObject({ kind: 'stop_request' });
  });
});

describe('loopStop (the loop detector on booked calls)', () => {
  const guard = {
    requestAttempts: 4,
    plannedAttempts: 6,
    loopGuard: { maxAttempts: 50, maxIterations: 200, maxIdenticalCalls: 3 },
  };
  const input = { capability: 'math', input: { text: '2 + 2' } };

  it('admits a call repeated fewer times than the limit', () => {
    expect(
      loopStop([{ agentId: 'a1', agentName: 'calc', input, identicalCalls: 2 }], guard),
    ).toBeNull();
  });

  it('stops the request, naming the agent, on the call past the limit', () => {
    expect(
      loopStop(
        [
          { agentId: 'a1', agentName: 'calc', input, identicalCalls: 1 },
          { agentId: 'a2', agentName: 'echo', input, identicalCalls: 3 },
        ],
        guard,
      ),
    ).toBe("loop protection: agent 'echo' was called 3 times with the same input: stopping a loop");
  });

  it('stops a fan-out that would pass the request-wide call cap', () => {
    const bookings = ['a1', 'a2', 'a3'].map((agentId) => ({
      agentId,
      agentName: agentId,
      input,
      identicalCalls: 0,
    }));
    expect(loopStop(bookings, { ...guard, requestAttempts: 48 })).toBe(
      'loop protection: the request reached its limit of 50 agent calls: stopping',
    );
    expect(loopStop(bookings, { ...guard, requestAttempts: 48, plannedAttempts: 60 })).toBeNull();
  });
});

describe('attemptTimeoutMs', () => {
  it('is the task timeout, cut at the deadline, never below 1 ms', () => {
    expect(attemptTimeoutMs(60_000, null, 0)).toBe(60_000);
    expect(attemptTimeoutMs(60_000, 1_500, 1_000)).toBe(500);
    expect(attemptTimeoutMs(60_000, 900, 1_000)).toBe(1);
  });
});

describe('settleRound', () => {
  const facts = (over: Partial<SettleFacts> = {}): SettleFacts => ({
    mode: 'single',
    requestStatus: 'running',
    outcomes: [{ ok: true }],
    attemptsBefore: 0,
    maxAttempts: 3,
    retryPolicy: policy,
    random: never,
    ...over,
  });
  const timeout = { ok: false as const, errorKind: 'timeout' as const, error: 'took too long' };

  it('succeeds a single call that succeeded, and a fan-out with any success', () => {
    expect(settleRound(facts())).toEqual({ kind: 'succeed' });
    expect(settleRound(facts({ mode: 'fan_out', outcomes: [timeout, { ok: true }] }))).toEqual({
      kind: 'succeed',
    });
  });

  it('cancels without cascading when the request stopped meanwhile', () => {
    expect(settleRound(facts({ requestStatus: 'cancelled' }))).toEqual({
      kind: 'cancel',
      error: 'Request cancelled',
      cascade: false,
    });
  });

  it('retries a timeout after the backoff, then fails with the reason', () => {
    expect(settleRound(facts({ outcomes: [timeout] }))).toEqual({
      kind: 'retry',
      delayMs: 200,
      fallback: false,
      attempt: 1,
      errorKind: 'timeout',
      error: 'took too long',
    });
    expect(settleRound(facts({ outcomes: [timeout], attemptsBefore: 1 }))).toMatchObject({
      kind: 'retry',
      delayMs: 400,
    });
    expect(settleRound(facts({ outcomes: [timeout], attemptsBefore: 2 }))).toEqual({
      kind: 'fail',
      error: 'took too long (gave up after 3 of 3 attempts (last error: timeout))',
    });
  });

  it('honours Retry-After up to the policy ceiling', () => {
    const limited = { ok: false as const, errorKind: 'rate_limit' as const, error: '429' };
    expect(settleRound(facts({ outcomes: [{ ...limited, retryAfterMs: 3_000 }] }))).toMatchObject({
      kind: 'retry',
      delayMs: 3_000,
    });
    expect(settleRound(facts({ outcomes: [{ ...limited, retryAfterMs: 60_000 }] }))).toMatchObject({
      delayMs: 5_000,
    });
  });

  it('falls back at once after an invalid answer; never retries a cancelled call', () => {
    const invalid = { ok: false as const, errorKind: 'invalid_response' as const, error: 'junk' };
    expect(settleRound(facts({ outcomes: [invalid] }))).toMatchObject({
      kind: 'retry',
      delayMs: 0,
      fallback: true,
    });
    expect(
      settleRound(facts({ outcomes: [{ ok: false, errorKind: 'cancelled', error: 'stop' }] })),
    ).toEqual({ kind: 'cancel', error: 'stop', cascade: true });
  });

  it('draws jitter from the injected randomness', () => {
    const jittered = { ...policy, jitter: 'full' as const };
    const a = settleRound(
      facts({ outcomes: [timeout], retryPolicy: jittered, random: mulberry32(7) }),
    );
    const b = settleRound(
      facts({ outcomes: [timeout], retryPolicy: jittered, random: mulberry32(7) }),
    );
    expect(a).toEqual(b);
    expect(a.kind === 'retry' && a.delayMs >= 0 && a.delayMs <= 200).toBe(true);
  });
});
