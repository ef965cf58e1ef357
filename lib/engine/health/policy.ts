import { type Actor, type AgentStatus } from '../types';

/**
 * Health monitoring rules: turn one more health check into counters and at most one status change.
 *
 * What the monitor may do, per status (an operator's DRAINING/MAINTENANCE/INACTIVE is never
 * overridden; every move below is allowed by ALLOWED_TRANSITIONS in lib/engine/status):
 * - ACTIVE/DEGRADED: `failureThreshold` consecutive failed checks → FAILED. Otherwise, once the window
 *   holds `minSamples` checks, an error rate ≥ `degradedErrorRate` or a median latency above
 *   `degradedLatencyMs` → DEGRADED; back to ACTIVE only when the error rate is below
 *   `degradedErrorRate × recoveryErrorRateRatio` and the median latency below
 *   `degradedLatencyMs × recoveryLatencyRatio`, on a passing check (hysteresis, so a borderline
 *   agent does not flap).
 * - FAILED: stays until an operator acts, unless the agent has `autoRecover`: then
 *   `recoveryThreshold` consecutive good checks → MAINTENANCE (observation), and as many again →
 *   ACTIVE. A failed check during observation → FAILED.
 * - DRAINING, MAINTENANCE set by anyone but the monitor, INACTIVE: counters only.
 *
 * Latency is the median (p50) of the successful checks in the window: one slow probe does not degrade
 * an agent, and failed probes (often instant "connection refused" or a timeout) are already counted
 * by the error rate, so they would only distort it.
 */
export interface HealthPolicy {
  /** Consecutive failed checks that fail an ACTIVE or DEGRADED agent. Default 3. */
  failureThreshold: number;
  /** How many recent checks the error rate and latency are judged over. Default 10. */
  windowSize: number;
  /**
   * Checks the window must hold before error rate or latency can change the status; with fewer, one
   * blip right after registration would be a 100% error rate. Default 5.
   */
  minSamples: number;
  /** Error rate (0..1) over the window at or above which the agent is DEGRADED. Default 0.5. */
  degradedErrorRate: number;
  /** Median latency of the window's successful checks above which the agent is DEGRADED. Default 5000 ms. */
  degradedLatencyMs: number;
  /** Recovery needs an error rate below `degradedErrorRate` × this. Default 0.5. */
  recoveryErrorRateRatio: number;
  /** Recovery needs a median latency below `degradedLatencyMs` × this. Default 0.8. */
  recoveryLatencyRatio: number;
  /** Consecutive good checks for each auto-recovery step (FAILED → MAINTENANCE → ACTIVE). Default 3. */
  recoveryThreshold: number;
}

export const DEFAULT_HEALTH_POLICY: Readonly<HealthPolicy> = Object.freeze({
  failureThreshold: 3,
  windowSize: 10,
  minSamples: 5,
  degradedErrorRate: 0.5,
  degradedLatencyMs: 5000,
  recoveryErrorRateRatio: 0.5,
  recoveryLatencyRatio: 0.8,
  recoveryThreshold: 3,
});

/** One health probe. `latencyMs` may be null when the probe never got an answer. */
export interface HealthCheckResult {
  ok: boolean;
  latencyMs: number | null;
  /** Why the probe failed ("connection refused"); quoted in the transition reason. */
  error?: string;
}

export interface HealthState {
  status: AgentStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** The most recent checks, oldest first (only the last `windowSize` are used). */
  recent: readonly HealthCheckResult[];
  /** Whether the operator allowed FAILED → MAINTENANCE → ACTIVE without intervention. */
  autoRecover: boolean;
  /**
   * Who caused the current status (the actor of the last status transition). A MAINTENANCE agent is
   * only moved on by the monitor when the monitor put it there. Default: unknown, which is treated
   * as an operator's maintenance and never overridden.
   */
  statusActor?: Actor;
}

export interface HealthCounters {
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** The window including the new check, at most `windowSize` long, oldest first. */
  recent: HealthCheckResult[];
}

export interface HealthTransition {
  from: AgentStatus;
  to: AgentStatus;
  reason: string;
}

export interface HealthEvaluation {
  counters: HealthCounters;
  /** At most one entry; each is performed with actor `health_check`. */
  transitions: HealthTransition[];
}

/** Completes a partial policy with the defaults and rejects values that make no sense. */
export function resolveHealthPolicy(overrides: Partial<HealthPolicy> = {}): HealthPolicy {
  const policy = { ...DEFAULT_HEALTH_POLICY, ...overrides };
  const counts = ['failureThreshold', 'windowSize', 'minSamples', 'recoveryThreshold'] as const;
  for (const key of counts) {
    if (!Number.isInteger(policy[key]) || policy[key] < 1) {
      throw new RangeError(`Health policy ${key} must be an integer ≥ 1, got ${policy[key]}.`);
    }
  }
  if (policy.minSamples > policy.windowSize) {
    throw new RangeError('Health policy minSamples cannot exceed windowSize.');
  }
  const ratios = ['degradedErrorRate', 'recoveryErrorRateRatio', 'recoveryLatencyRatio'] as const;
  for (const key of ratios) {
    if (!(policy[key] > 0 && policy[key] <= 1)) {
      throw new RangeError(`Health policy ${key} must be in (0, 1], got ${policy[key]}.`);
    }
  }
  if (!(policy.degradedLatencyMs > 0)) {
    throw new RangeError('Health policy degradedLatencyMs must be > 0.');
  }
  return policy;
}

/** Applies one health check to an agent's health state. Pure: the caller persists the result. */
export function evaluateHealthCheck(
  state: HealthState,
  check: HealthCheckResult,
  policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
): HealthEvaluation {
  const counters = updateCounters(state, check, policy);
  const next = decide(state, check, counters, policy);
  if (!next) return { counters, transitions: [] };
  // Each auto-recovery step must be earned with fresh good checks.
  const recovering = state.status === 'FAILED' && next.to === 'MAINTENANCE';
  const finalCounters = recovering ? { ...counters, consecutiveSuccesses: 0 } : counters;
  return { counters: finalCounters, transitions: [next] };
}

function updateCounters(
  state: HealthState,
  check: HealthCheckResult,
  policy: HealthPolicy,
): HealthCounters {
  return {
    consecutiveFailures: check.ok ? 0 : state.consecutiveFailures + 1,
    consecutiveSuccesses: check.ok ? state.consecutiveSuccesses + 1 : 0,
    recent: [...state.recent, check].slice(-policy.windowSize),
  };
}

type Decision = (
  state: HealthState,
  check: HealthCheckResult,
  counters: HealthCounters,
  policy: HealthPolicy,
) => HealthTransition | null;

const leaveAlone: Decision = () => null;

const DECISIONS = {
  ACTIVE: decideServing,
  DEGRADED: decideServing,
  FAILED: decideFailed,
  MAINTENANCE: decideMaintenance,
  DRAINING: leaveAlone,
  INACTIVE: leaveAlone,
} as const satisfies Record<AgentStatus, Decision>;

function decide(...args: Parameters<Decision>): HealthTransition | null {
  return DECISIONS[args[0].status](...args);
}

function decideServing(
  state: HealthState,
  check: HealthCheckResult,
  counters: HealthCounters,
  policy: HealthPolicy,
): HealthTransition | null {
  const from = state.status;
  if (counters.consecutiveFailures >= policy.failureThreshold) {
    const cause = check.error ? `: ${check.error}` : '';
    const reason = `${counters.consecutiveFailures} consecutive health checks failed${cause}`;
    return { from, to: 'FAILED', reason };
  }
  const window = summarizeWindow(counters.recent);
  if (window.total < policy.minSamples) return null;
  if (from === 'ACTIVE') {
    const problem = degradation(window, policy);
    return problem ? { from, to: 'DEGRADED', reason: problem } : null;
  }
  // A failed probe never announces a recovery, however good the rest of the window looks.
  return check.ok && isRecovered(window, policy)
    ? { from, to: 'ACTIVE', reason: `Health recovered: ${describeWindow(window)}` }
    : null;
}

function decideFailed(
  state: HealthState,
  _check: HealthCheckResult,
  counters: HealthCounters,
  policy: HealthPolicy,
): HealthTransition | null {
  if (!state.autoRecover || counters.consecutiveSuccesses < policy.recoveryThreshold) return null;
  const reason = `Auto-recovery: ${counters.consecutiveSuccesses} consecutive health checks passed; observing in MAINTENANCE before returning to service`;
  return { from: 'FAILED', to: 'MAINTENANCE', reason };
}

function decideMaintenance(
  state: HealthState,
  check: HealthCheckResult,
  counters: HealthCounters,
  policy: HealthPolicy,
): HealthTransition | null {
  // Only the monitor's own observation period is its to end; an operator's maintenance is not.
  if (!state.autoRecover || state.statusActor !== 'health_check') return null;
  if (!check.ok) {
    const cause = check.error ? `: ${check.error}` : '';
    return {
      from: 'MAINTENANCE',
      to: 'FAILED',
      reason: `Auto-recovery aborted, health check failed${cause}`,
    };
  }
  if (counters.consecutiveSuccesses < policy.recoveryThreshold) return null;
  const reason = `Auto-recovery complete: ${counters.consecutiveSuccesses} more consecutive health checks passed`;
  return { from: 'MAINTENANCE', to: 'ACTIVE', reason };
}

interface WindowSummary {
  total: number;
  failed: number;
  errorRate: number;
  /** Median latency of the successful checks; null when none reported one. */
  medianLatencyMs: number | null;
}

function summarizeWindow(recent: readonly HealthCheckResult[]): WindowSummary {
  const failed = recent.filter((check) => !check.ok).length;
  const latencies = recent
    .filter((check) => check.ok && check.latencyMs !== null)
    .map((check) => check.latencyMs as number);
  return {
    total: recent.length,
    failed,
    errorRate: recent.length === 0 ? 0 : failed / recent.length,
    medianLatencyMs: median(latencies),
  };
}

/** The median of a list of numbers (mean of the two middle values for an even count). */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function degradation(window: WindowSummary, policy: HealthPolicy): string | null {
  if (window.errorRate >= policy.degradedErrorRate) {
    return `${window.failed} of the last ${window.total} health checks failed (${percent(window.errorRate)}, threshold ${percent(policy.degradedErrorRate)})`;
  }
  if (window.medianLatencyMs !== null && window.medianLatencyMs > policy.degradedLatencyMs) {
    return `Median health-check latency ${Math.round(window.medianLatencyMs)} ms over the last ${window.total} checks exceeds ${policy.degradedLatencyMs} ms`;
  }
  return null;
}

function isRecovered(window: WindowSummary, policy: HealthPolicy): boolean {
  const maxErrorRate = policy.degradedErrorRate * policy.recoveryErrorRateRatio;
  const maxLatency = policy.degradedLatencyMs * policy.recoveryLatencyRatio;
  const latencyOk = window.medianLatencyMs === null || window.medianLatencyMs < maxLatency;
  return window.errorRate < maxErrorRate && latencyOk;
}

function describeWindow(window: WindowSummary): string {
  const latency =
    window.medianLatencyMs === null
      ? ''
      : `, median latency ${Math.round(window.medianLatencyMs)} ms`;
  return `${window.failed} of the last ${window.total} checks failed${latency}`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}
