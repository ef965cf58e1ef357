import { type Actor, type AgentStatus } from '../types';

/**
 * The agent status lifecycle as a pure state machine. The caller loads the agent, calls
 * `transition`, persists `next` and runs the `effects` (in one transaction with the status change).
 *
 * Who moves an agent where — the table below is the only hard rule; actors are not restricted by
 * code. By convention the health monitor (`health_check`) only moves agents between ACTIVE, DEGRADED
 * and FAILED, plus the opt-in auto-recovery path FAILED → MAINTENANCE → ACTIVE (lib/engine/health).
 * It never takes an agent out of DRAINING, MAINTENANCE or INACTIVE that an operator put there.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<AgentStatus, readonly AgentStatus[]>> = {
  ACTIVE: ['DEGRADED', 'DRAINING', 'MAINTENANCE', 'INACTIVE', 'FAILED'],
  DEGRADED: ['ACTIVE', 'DRAINING', 'MAINTENANCE', 'INACTIVE', 'FAILED'],
  // DRAINING only ends by finishing the drain (→ MAINTENANCE) or by being called off (→ ACTIVE).
  DRAINING: ['MAINTENANCE', 'ACTIVE'],
  MAINTENANCE: ['ACTIVE', 'FAILED'],
  INACTIVE: ['ACTIVE', 'MAINTENANCE'],
  // A failed agent is never put straight back into service: an operator inspects it first.
  FAILED: ['MAINTENANCE', 'INACTIVE'],
};

/**
 * How strongly routing prefers an agent in each status when offering new work: a higher tier is
 * tried first, 0 means "offer nothing new". DEGRADED agents are a fallback for when no ACTIVE agent
 * can take the task. DRAINING agents finish what they already hold but receive nothing new.
 */
export const ROUTING_PREFERENCE = {
  ACTIVE: 2,
  DEGRADED: 1,
  DRAINING: 0,
  MAINTENANCE: 0,
  INACTIVE: 0,
  FAILED: 0,
} as const satisfies Record<AgentStatus, number>;

/** Whether an agent in `status` may be offered new work. */
export function isRoutable(status: AgentStatus): boolean {
  return ROUTING_PREFERENCE[status] > 0;
}

export interface TransitionRequest {
  /** The status the actor asks for. */
  to: AgentStatus;
  /** Human-readable reason, stored with the transition and shown in the status history. */
  reason: string;
  actor: Actor;
  /** Tasks the agent is running right now (integer ≥ 0). Decides whether maintenance must drain. */
  inFlight: number;
}

/** Side effects the caller performs after persisting the new status. */
export type StatusEffect =
  /** Append one row to the agent's status history (several when a drain completes at once). */
  | { type: 'record_transition'; from: AgentStatus; to: AgentStatus; reason: string; actor: Actor }
  /** Stop offering work; when `inFlight` reaches 0, call `onInFlightChanged` to enter MAINTENANCE. */
  | { type: 'drain_then_maintenance'; inFlight: number }
  /**
   * The agent returns to service from MAINTENANCE or INACTIVE: zero its consecutive health-check
   * counters and close its circuit breaker, so failures from before the operator's fix do not count
   * against it (one more failure would otherwise fail it again at once).
   */
  | { type: 'reset_health' };

export const TRANSITION_ERROR_CODES = [
  /** The table does not allow moving from the current status to the requested one. */
  'ILLEGAL_TRANSITION',
  /** The agent already has the requested status. */
  'SAME_STATUS',
  /** MAINTENANCE was asked for while the agent is still draining tasks; it will get there itself. */
  'DRAIN_IN_PROGRESS',
  /** `inFlight` is negative or not an integer. */
  'INVALID_IN_FLIGHT',
] as const;
export type TransitionErrorCode = (typeof TRANSITION_ERROR_CODES)[number];

export interface TransitionSuccess {
  ok: true;
  next: AgentStatus;
  effects: StatusEffect[];
}
export interface TransitionFailure {
  ok: false;
  code: TransitionErrorCode;
  message: string;
}
export type TransitionResult = TransitionSuccess | TransitionFailure;

const DRAIN_COMPLETE_REASON = 'Drain complete: no tasks in flight';
const DRAIN_PENDING_TARGETS: readonly AgentStatus[] = ['ACTIVE', 'DEGRADED'];

/**
 * Decides a status change asked for by an operator, the health monitor, a budget rule or the system.
 *
 * Beyond the table:
 * - MAINTENANCE from ACTIVE/DEGRADED with tasks in flight becomes DRAINING (effect
 *   `drain_then_maintenance`): running work is allowed to finish rather than being cut off.
 * - DRAINING with nothing in flight completes immediately: both steps are recorded and `next` is
 *   MAINTENANCE, because no later in-flight change would ever trigger the second step.
 */
export function transition(current: AgentStatus, request: TransitionRequest): TransitionResult {
  const refusal = checkRequest(current, request);
  if (refusal) return refusal;
  const { to, inFlight } = request;
  if (to === 'MAINTENANCE' && inFlight > 0 && DRAIN_PENDING_TARGETS.includes(current)) {
    return startDrain(current, request);
  }
  if (to === 'DRAINING') return startDrain(current, request);
  return succeed(current, to, [record(current, to, request.reason, request.actor)]);
}

/**
 * The automatic step of a drain: a DRAINING agent whose in-flight count reached 0 enters MAINTENANCE.
 * Returns null when nothing happens (not draining, or tasks still running).
 */
export function onInFlightChanged(status: AgentStatus, inFlight: number): TransitionSuccess | null {
  if (status !== 'DRAINING' || inFlight > 0) return null;
  return succeed(status, 'MAINTENANCE', [
    record('DRAINING', 'MAINTENANCE', DRAIN_COMPLETE_REASON, 'system'),
  ]);
}

function checkRequest(current: AgentStatus, request: TransitionRequest): TransitionFailure | null {
  const { to, inFlight } = request;
  if (!Number.isInteger(inFlight) || inFlight < 0) {
    return fail(
      'INVALID_IN_FLIGHT',
      `In-flight task count must be an integer ≥ 0, got ${inFlight}.`,
    );
  }
  if (current === to) return fail('SAME_STATUS', `The agent is already ${current}.`);
  if (!ALLOWED_TRANSITIONS[current].includes(to)) {
    const allowed = ALLOWED_TRANSITIONS[current].join(', ');
    return fail(
      'ILLEGAL_TRANSITION',
      `Cannot change an agent's status from ${current} to ${to}; from ${current} it can only move to: ${allowed}.`,
    );
  }
  if (current === 'DRAINING' && to === 'MAINTENANCE' && inFlight > 0) {
    return fail(
      'DRAIN_IN_PROGRESS',
      `The agent is DRAINING with ${inFlight} task(s) in flight; it enters MAINTENANCE by itself when they finish.`,
    );
  }
  return null;
}

function startDrain(current: AgentStatus, request: TransitionRequest): TransitionSuccess {
  const { reason, actor, inFlight } = request;
  const toDraining = record(current, 'DRAINING', reason, actor);
  const completed = onInFlightChanged('DRAINING', inFlight);
  if (completed) return succeed(current, 'MAINTENANCE', [toDraining, ...completed.effects]);
  return succeed(current, 'DRAINING', [toDraining, { type: 'drain_then_maintenance', inFlight }]);
}

function succeed(from: AgentStatus, next: AgentStatus, effects: StatusEffect[]): TransitionSuccess {
  const returnsToService = next === 'ACTIVE' && (from === 'MAINTENANCE' || from === 'INACTIVE');
  return {
    ok: true,
    next,
    effects: returnsToService ? [...effects, { type: 'reset_health' }] : effects,
  };
}

function record(from: AgentStatus, to: AgentStatus, reason: string, actor: Actor): StatusEffect {
  return { type: 'record_transition', from, to, reason, actor };
}

function fail(code: TransitionErrorCode, message: string): TransitionFailure {
  return { ok: false, code, message };
}
