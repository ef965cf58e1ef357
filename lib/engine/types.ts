/**
 * Baton's domain vocabulary. Everything in lib/engine is pure: no I/O, no framework, no database.
 * It talks to the world through the ports declared here and takes time from an injected Clock.
 *
 * Glossary
 * - Agent: something that can do work for Baton — a remote A2A agent, an OpenAI-compatible model, a
 *   webhook, an MCP server (each of its tools a capability), or a builtin agent running inside
 *   Baton. Identified by a unique slug `name`.
 * - Capability: a named skill an agent offers (e.g. `calculate`), with input/output types, tags and
 *   examples. Routing matches a task's required capability against agents' capabilities.
 * - Request: one submission by an operator or API client (free text or an explicit workflow). It is
 *   planned into tasks, executed, and synthesized into one result.
 * - Task: a node in a request's dependency graph (DAG). It needs one capability and may depend on
 *   other tasks of the same request, whose outputs become its input.
 * - Attempt: one call of one agent for one task. A task may take several attempts (retries, fallback
 *   to another agent); at most one attempt's result is recorded as the task's output.
 * - Strategy: how routing picks among capable agents (capability match, semantic ranking,
 *   round-robin, random, weighted, least-loaded, fastest, cheapest, most reliable).
 * - Budget: a spending limit in micro-dollars for a scope (global, an agent, a capability, a request) over a
 *   period (total, day, month), with a mode (warn, pause, stop) applied when it is reached.
 *
 * Union types are `as const` objects plus derived types; their values are identical to the database
 * enums in prisma/schema.prisma (a unit test checks they stay in step).
 */

export const AGENT_KINDS = ['a2a', 'openai', 'webhook', 'builtin', 'mcp'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

export const AGENT_STATUSES = [
  'ACTIVE',
  'DEGRADED',
  'DRAINING',
  'MAINTENANCE',
  'INACTIVE',
  'FAILED',
] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export const REQUEST_STATUSES = [
  'planning',
  'awaiting_approval',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const TASK_STATUSES = [
  'pending',
  'ready',
  'running',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ATTEMPT_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export const ERROR_KINDS = [
  'network',
  'timeout',
  'rate_limit',
  'auth',
  'server',
  'invalid_response',
  'budget',
  'cancelled',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ROUTING_STRATEGIES = [
  'capability',
  'semantic',
  'round_robin',
  'random',
  'weighted',
  'least_loaded',
  'fastest',
  'cheapest',
  'most_reliable',
] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const EXECUTION_MODES = ['single', 'fan_out', 'consensus'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

export const COST_KINDS = ['planning', 'agent', 'tool', 'routing'] as const;
export type CostKind = (typeof COST_KINDS)[number];

export const BUDGET_SCOPES = ['global', 'agent', 'request', 'capability'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

export const BUDGET_PERIODS = ['total', 'day', 'month'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const BUDGET_MODES = ['warn', 'pause', 'stop'] as const;
export type BudgetMode = (typeof BUDGET_MODES)[number];

export const USER_ROLES = ['viewer', 'operator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Request statuses after which nothing more happens to a request. */
export const TERMINAL_REQUEST_STATUSES = [
  'succeeded',
  'failed',
  'cancelled',
] as const satisfies readonly RequestStatus[];

/** Task statuses after which a task takes no more attempts. */
export const TERMINAL_TASK_STATUSES = [
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
] as const satisfies readonly TaskStatus[];

/**
 * Who caused a change: the system itself, the health monitor, a budget rule, a signed-in user, or an
 * API token. Stored as text in status transitions and the audit log.
 */
export type Actor = 'system' | 'health_check' | 'budget' | `user:${string}` | `token:${string}`;

/** Money: an integer count of micro-dollars (1 USD = 1_000_000). Never a float. */
export type Micros = bigint;

/** Time source. Production uses the system clock; tests use a fake clock they advance by hand. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
