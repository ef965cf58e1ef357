/**
 * The public entry of Baton's domain engine. Everything outside lib/engine imports from here.
 * Concerns live in sub-folders (registry, status, routing, planning, dag, execution, budget, health)
 * as they are built.
 */
export * from './types';
export { FakeClock, systemClock } from './clock';
export { MICROS_PER_USD, formatUsd, parseUsd, sumMicros } from './budget/money';
export {
  ALLOWED_TRANSITIONS,
  ROUTING_PREFERENCE,
  TRANSITION_ERROR_CODES,
  isRoutable,
  onInFlightChanged,
  transition,
  type StatusEffect,
  type TransitionErrorCode,
  type TransitionFailure,
  type TransitionRequest,
  type TransitionResult,
  type TransitionSuccess,
} from './status/transitions';
export {
  DEFAULT_HEALTH_POLICY,
  evaluateHealthCheck,
  resolveHealthPolicy,
  type HealthCheckResult,
  type HealthCounters,
  type HealthEvaluation,
  type HealthPolicy,
  type HealthState,
  type HealthTransition,
} from './health/policy';
export {
  CLOSED_CIRCUIT,
  COUNTS_AGAINST_CIRCUIT,
  DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  canAttempt,
  circuitOutcomeOf,
  isCallAllowed,
  recordOutcome,
  type AttemptDecision,
  type CallOutcome,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from './health/circuit-breaker';
export {
  DEFAULT_CALL_METRICS_OPTIONS,
  EMPTY_CALL_METRICS,
  averageCostPerCall,
  hasCapacity,
  loadRatio,
  recordCall,
  updateEwma,
  type CallMetrics,
  type CallMetricsOptions,
  type CallSample,
} from './registry/metrics';
export {
  DEFAULT_UPTIME_BUCKETS,
  DEFAULT_UPTIME_OPTIONS,
  UPTIME_CLASSES,
  UPTIME_CLASS_OF,
  UPTIME_WINDOWS,
  UPTIME_WINDOW_MS,
  bucketUptime,
  computeUptime,
  type BucketOptions,
  type StatusChange,
  type StatusSegment,
  type UptimeClass,
  type UptimeOptions,
  type UptimeReport,
  type UptimeSummary,
  type UptimeWindow,
} from './registry/uptime';
