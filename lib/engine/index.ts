/**
 * The public entry of Baton's domain engine. Everything outside lib/engine imports from here.
 * Concerns live in sub-folders (registry, status, routing, planning, dag, execution, budget, health)
 * as they are built.
 */
export * from './types';
export { FakeClock, systemClock } from './clock';
export { MICROS_PER_USD, formatUsd, parseUsd, sumMicros } from './budget/money';
export {
  DEFAULT_THRESHOLDS,
  chargeUnreserved,
  crossedThresholds,
  exhaustionAction,
  fits,
  periodEndOf,
  periodStartOf,
  remaining,
  reserve,
  rollOver,
  settle,
  usedPercent,
  type BudgetState,
  type ReserveResult,
  type SettleResult,
} from './budget/ledger';
export {
  forecastBudget,
  forecastLine,
  type Forecast,
  type ForecastInput,
  type RateForecast,
} from './budget/forecast';
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
export {
  PLAN_ERROR_CODES,
  REF_PATTERN,
  REF_RULE,
  validatePlan,
  type PlanError,
  type PlanErrorCode,
  type PlanNode,
  type PlanValidation,
  type PlannedTask,
  type TaskModeOptions,
} from './dag/validate';
export {
  blockedBy,
  readyTasks,
  type BlockedTask,
  type ProgressOptions,
  type RuntimeDeadlock,
  type TaskProgress,
} from './dag/progress';
export {
  PLANNING_ERROR_CODES,
  type CapabilityInfo,
  type PlanProblem,
  type PlanningError,
  type PlanningErrorCode,
  type PlanningResult,
} from './planning/result';
export {
  MIN_MATCH_SCORE,
  planHeuristically,
  scoreClause,
  splitClauses,
  type CapabilityScore,
} from './planning/heuristic';
export {
  MAX_TASK_ATTEMPTS,
  MAX_TASK_TIMEOUT_MS,
  MAX_WORKFLOW_TASKS,
  MAX_WORKFLOW_TITLE_LENGTH,
  WorkflowSchema,
  WorkflowTaskSchema,
  planFromWorkflow,
  workflowTitle,
  type Workflow,
  type WorkflowTask,
} from './planning/workflow';
export {
  editDistance,
  issueText,
  prioritiseIssues,
  suggestClosest,
  unknownKeysMessage,
  workflowIssueText,
} from './planning/suggest';
export {
  LlmPlanSchema,
  LlmPlannedTaskSchema,
  LlmProposedAgentSchema,
  extractJson,
  parseLlmPlan,
  planFromLlmOutput,
  type LlmPlan,
  type LlmPlanParse,
  type LlmProposedAgent,
} from './planning/llm-output';
export { drawIndex, drawUnit, mulberry32, type Random } from './random';
export {
  DEFAULT_BM25_OPTIONS,
  createBm25Index,
  scoreBm25,
  tokenize,
  type Bm25Index,
  type Bm25Options,
} from './routing/bm25';
export {
  CHARS_PER_TOKEN,
  estimateCallCost,
  estimateTokens,
  type AgentPricing,
  type TokenEstimate,
} from './routing/cost';
export {
  EXCLUSION_REASONS,
  fallbackOrder,
  route,
  type Candidate,
  type CapabilityText,
  type ExcludedCandidate,
  type ExclusionReason,
  type RankedCandidate,
  type RoutingContext,
  type RoutingDecision,
  type RoutingTask,
} from './routing/route';
export {
  DEFAULT_RETRY_POLICY,
  RETRY_CLASS,
  backoffCap,
  backoffSchedule,
  nextRetry,
  type BackoffStep,
  type RetryClass,
  type RetryDecision,
  type RetryPolicy,
} from './execution/retry';
export { canonicalJson, fnv1a64, stableHash } from './execution/stable-hash';
export {
  DEFAULT_LOOP_GUARD_OPTIONS,
  createLoopGuard,
  recordIteration,
  recordLoopCall,
  type GuardedCall,
  type LoopGuardOptions,
  type LoopGuardResult,
  type LoopGuardState,
  type LoopStop,
  type LoopStopCode,
} from './execution/loop-detector';
export { normalizeAnswer, tallyVotes, type Tally, type Vote } from './execution/consensus';
export {
  ATTEMPT_TRANSITIONS,
  TASK_TRANSITIONS,
  assertTaskTransition,
  attemptTimeoutMs,
  canTransitionAttempt,
  canTransitionTask,
  decideClaim,
  loopStop,
  settleRound,
  type AttemptStatus,
  type RoundOutcome,
  type ClaimFacts,
  type ClaimVerdict,
  type GuardedBooking,
  type SettleFacts,
  type SettleVerdict,
} from './execution/task-policy';
export { cosineSimilarity } from './routing/similarity';
export {
  afterBooking,
  agentsWanted,
  attemptCost,
  noAgentMessage,
  taskInputText,
  type AttemptOutcome,
  type BookingFacts,
  type NoAgentFacts,
} from './execution/claim-policy';
