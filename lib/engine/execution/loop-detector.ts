import { stableHash } from './stable-hash';

/**
 * Request-wide protection against runaway execution: caps on attempts and iterations, and detection
 * of the same agent being called again and again with the same input (a planner or agent loop).
 * Pure state, JSON-serialisable so it can be persisted with the request; the caller checks before
 * each call and stops the request with `stop.reason` when told to.
 */
export interface LoopGuardOptions {
  /** Agent calls per request, all tasks together. Default 50. */
  maxAttempts: number;
  /** Scheduler/planner iterations per request. Default 200. */
  maxIterations: number;
  /**
   * Calls of one agent with one input per request. Default 3 — equal to the default retry
   * maxAttempts, so ordinary retries of a task never trip it; the call after that is refused.
   */
  maxIdenticalCalls: number;
}

export const DEFAULT_LOOP_GUARD_OPTIONS: Readonly<LoopGuardOptions> = Object.freeze({
  maxAttempts: 50,
  maxIterations: 200,
  maxIdenticalCalls: 3,
});

export interface LoopGuardState {
  options: LoopGuardOptions;
  attempts: number;
  iterations: number;
  /** Calls so far per `agentId:hash(input)`. */
  identicalCalls: Record<string, number>;
}

export type LoopStopCode = 'max_attempts' | 'max_iterations' | 'identical_calls';

export interface LoopStop {
  code: LoopStopCode;
  /** Shown to the operator as the request's failure reason. */
  reason: string;
}

export interface LoopGuardResult {
  /** The state to keep; unchanged when the call or iteration is refused. */
  state: LoopGuardState;
  /** Present when the request must stop instead of making this call / iteration. */
  stop?: LoopStop;
}

export interface GuardedCall {
  agentId: string;
  /** Used in messages; default agentId. */
  agentName?: string;
  /** The call's input, any JSON-like value; hashed canonically (key order does not matter). */
  input: unknown;
}

export function createLoopGuard(options: Partial<LoopGuardOptions> = {}): LoopGuardState {
  const resolved = { ...DEFAULT_LOOP_GUARD_OPTIONS, ...options };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Loop guard option ${name} must be an integer >= 1, got ${value}.`);
    }
  }
  return { options: resolved, attempts: 0, iterations: 0, identicalCalls: {} };
}

/** Records one agent call about to be made, or refuses it. */
export function recordLoopCall(state: LoopGuardState, call: GuardedCall): LoopGuardResult {
  const { maxAttempts, maxIdenticalCalls } = state.options;
  if (state.attempts >= maxAttempts) {
    return {
      state,
      stop: {
        code: 'max_attempts',
        reason: `the request reached its limit of ${maxAttempts} agent calls: stopping`,
      },
    };
  }
  const key = `${call.agentId}:${stableHash(call.input)}`;
  const previous = state.identicalCalls[key] ?? 0;
  if (previous >= maxIdenticalCalls) {
    return {
      state,
      stop: {
        code: 'identical_calls',
        reason: `agent '${call.agentName ?? call.agentId}' was called ${previous} times with the same input: stopping a loop`,
      },
    };
  }
  return {
    state: {
      ...state,
      attempts: state.attempts + 1,
      identicalCalls: { ...state.identicalCalls, [key]: previous + 1 },
    },
  };
}

/** Records one scheduler or planner iteration, or refuses it. */
export function recordIteration(state: LoopGuardState): LoopGuardResult {
  const { maxIterations } = state.options;
  if (state.iterations >= maxIterations) {
    return {
      state,
      stop: {
        code: 'max_iterations',
        reason: `the request reached its limit of ${maxIterations} iterations: stopping`,
      },
    };
  }
  return { state: { ...state, iterations: state.iterations + 1 } };
}
