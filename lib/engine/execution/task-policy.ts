import type { ErrorKind, TaskStatus } from '../types';
import {
  DEFAULT_LOOP_GUARD_OPTIONS,
  createLoopGuard,
  recordLoopCall,
  type LoopGuardOptions,
  type LoopGuardState,
} from './loop-detector';
import type { Random } from '../random';
import { nextRetry, type RetryPolicy } from './retry';
import { stableHash } from './stable-hash';

/**
 * The task lifecycle as a pure state machine, and the executor's two decisions about a task: what
 * to do with a claim (deadline, attempt caps, loop protection) and how to settle a finished round of
 * calls (succeed, retry, fall back, fail, cancel). The executor (lib/server/execution/run-task.ts)
 * loads, asks these functions, and writes what they say; it decides nothing itself.
 *
 * Who moves a task where — the table is the only hard rule:
 * - the executor: pending → ready (dependencies satisfied), ready/retrying → running (claimed),
 *   running → succeeded / retrying / failed / cancelled (settled), ready/retrying → failed (a claim
 *   that cannot be served), open → skipped (a dependency failed), any open → cancelled (the request
 *   stopped);
 * - operators: retry (failed/cancelled → pending), skip, cancel; un-skipping a cascade
 *   (skipped → pending) when the task that caused it is retried or skipped.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  pending: ['ready', 'skipped', 'cancelled'],
  ready: ['running', 'failed', 'skipped', 'cancelled'],
  running: ['succeeded', 'retrying', 'failed', 'cancelled'],
  retrying: ['running', 'failed', 'skipped', 'cancelled'],
  succeeded: [],
  failed: ['pending', 'skipped'],
  cancelled: ['pending', 'skipped'],
  skipped: ['pending'],
};

export function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** Throws when the table forbids the move: a bug in the caller, never a user error. */
export function assertTaskTransition(from: TaskStatus, to: TaskStatus, ref = 'task'): void {
  if (!canTransitionTask(from, to)) {
    throw new Error(`Illegal task transition for '${ref}': ${from} → ${to}.`);
  }
}

/** An attempt's lifecycle: opened by a claim, settled once. */
export const ATTEMPT_TRANSITIONS = {
  running: ['succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
} as const satisfies Record<string, readonly string[]>;
export type AttemptStatus = keyof typeof ATTEMPT_TRANSITIONS;

export function canTransitionAttempt(from: AttemptStatus, to: AttemptStatus): boolean {
  return (ATTEMPT_TRANSITIONS[from] as readonly AttemptStatus[]).includes(to);
}

// ---------------------------------------------------------------------------------------------
// Claim

export interface ClaimFacts {
  now: number;
  /** The request's deadline (ms since epoch), if any. */
  deadlineAt: number | null;
  /** Attempts this task has used, and may use. */
  taskAttempts: number;
  taskMaxAttempts: number;
  /** Agent calls the request has made, and the sum of its tasks' max attempts. */
  requestAttempts: number;
  plannedAttempts: number;
  loopGuard?: Pick<LoopGuardOptions, 'maxAttempts'>;
}

export type ClaimVerdict =
  | { kind: 'proceed' }
  | { kind: 'fail_task'; message: string }
  | { kind: 'stop_request'; reason: string };

/**
 * Before routing: may this task take another attempt? The request-wide call cap grows with the plan
 * (a big workflow may use every task's attempts, never more).
 */
export function decideClaim(facts: ClaimFacts): ClaimVerdict {
  if (facts.deadlineAt !== null && facts.deadlineAt <= facts.now) {
    return { kind: 'stop_request', reason: 'the request passed its deadline' };
  }
  if (facts.taskAttempts >= facts.taskMaxAttempts) {
    return {
      kind: 'fail_task',
      message: `gave up after ${facts.taskAttempts} of ${facts.taskMaxAttempts} attempts`,
    };
  }
  const cap = Math.max(
    (facts.loopGuard ?? DEFAULT_LOOP_GUARD_OPTIONS).maxAttempts,
    facts.plannedAttempts,
  );
  if (facts.requestAttempts >= cap) {
    return {
      kind: 'stop_request',
      reason: `loop protection: the request reached its limit of ${cap} agent calls`,
    };
  }
  return { kind: 'proceed' };
}

export interface GuardedBooking {
  agentId: string;
  agentName: string;
  /** What the agent is asked: hashed canonically, as stored in `task_attempts.input_hash`. */
  input: unknown;
  /** Calls this request already made to this agent with this very input. */
  identicalCalls: number;
}

/**
 * After routing, before the calls go out: the loop detector (./loop-detector.ts) admits each booked
 * call or stops the request — the same agent asked the same thing `maxIdenticalCalls` times is a
 * planner or agent loop, not a retry. Returns the stop reason, or null to go ahead.
 */
export function loopStop(
  bookings: readonly GuardedBooking[],
  facts: { requestAttempts: number; plannedAttempts: number; loopGuard: LoopGuardOptions },
): string | null {
  let guard: LoopGuardState = {
    ...createLoopGuard({
      ...facts.loopGuard,
      maxAttempts: Math.max(facts.loopGuard.maxAttempts, facts.plannedAttempts),
    }),
    attempts: facts.requestAttempts,
  };
  for (const booking of bookings) {
    const key = `${booking.agentId}:${stableHash(booking.input)}`;
    guard = {
      ...guard,
      identicalCalls: { ...guard.identicalCalls, [key]: booking.identicalCalls },
    };
    const result = recordLoopCall(guard, {
      agentId: booking.agentId,
      agentName: booking.agentName,
      input: booking.input,
    });
    if (result.stop) return `loop protection: ${result.stop.reason}`;
    guard = result.state;
  }
  return null;
}

/** The remaining time budget of one attempt: the task's timeout, cut at the request's deadline. */
export function attemptTimeoutMs(
  timeoutMs: number,
  deadlineAt: number | null,
  now: number,
): number {
  return Math.max(1, Math.min(timeoutMs, deadlineAt === null ? Infinity : deadlineAt - now));
}

// ---------------------------------------------------------------------------------------------
// Settle

export type RoundOutcome =
  { ok: true } | { ok: false; errorKind: ErrorKind; error: string; retryAfterMs?: number };

export interface SettleFacts {
  mode: 'single' | 'fan_out' | 'consensus';
  /** The request's status when the round finished: anything but running cancels the task. */
  requestStatus: string;
  /** The round's calls, in order. */
  outcomes: readonly RoundOutcome[];
  /** Attempts the task used before this round. */
  attemptsBefore: number;
  maxAttempts: number;
  retryPolicy: RetryPolicy;
  random: Random;
}

export type SettleVerdict =
  /** Combine the successful calls into the output (fan-out, consensus: at least one succeeded). */
  | { kind: 'succeed' }
  | { kind: 'cancel'; error: string; cascade: boolean }
  | {
      kind: 'retry';
      delayMs: number;
      fallback: boolean;
      attempt: number;
      errorKind: ErrorKind;
      error: string;
    }
  | { kind: 'fail'; error: string };

/** How a finished round of calls settles the task. */
export function settleRound(facts: SettleFacts): SettleVerdict {
  if (facts.requestStatus !== 'running') {
    return { kind: 'cancel', error: `Request ${facts.requestStatus}`, cascade: false };
  }
  const succeeded = facts.outcomes.filter((o) => o.ok).length;
  if (facts.mode === 'single' ? succeeded === 1 : succeeded > 0) return { kind: 'succeed' };
  const last = facts.outcomes.findLast((o): o is Extract<RoundOutcome, { ok: false }> => !o.ok);
  if (!last) return { kind: 'fail', error: 'the round made no call' };
  if (last.errorKind === 'cancelled') return { kind: 'cancel', error: last.error, cascade: true };
  const attempt = facts.attemptsBefore + 1;
  const decision = nextRetry(
    attempt,
    last.errorKind,
    { ...facts.retryPolicy, maxAttempts: facts.maxAttempts },
    facts.random,
  );
  if (!decision.retry) return { kind: 'fail', error: `${last.error} (${decision.message})` };
  return {
    kind: 'retry',
    // An agent's Retry-After is honoured, within the policy's ceiling.
    delayMs: Math.min(
      facts.retryPolicy.maxDelayMs,
      Math.max(decision.delayMs, last.retryAfterMs ?? 0),
    ),
    fallback: decision.fallback,
    attempt,
    errorKind: last.errorKind,
    error: last.error,
  };
}
