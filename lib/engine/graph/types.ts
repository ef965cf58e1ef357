import type {
  AttemptStatus,
  ErrorKind,
  ExecutionMode,
  RequestStatus,
  RoutingStrategy,
  TaskStatus,
} from '../types';

/**
 * A request's execution as plain JSON: what the graph, the drawer, the timeline, replay and the
 * trace exports are computed from (the page's live view carries summaries, `RequestSnapshot`; the
 * exports carry everything, `RequestTrace`). Times are epoch milliseconds, money is micro-dollars as a decimal
 * string (bigint does not survive JSON), so the same value is server-rendered, kept in the browser's
 * query cache, patched by live events and served by `GET /api/v1/requests/{id}/trace?format=json`.
 *
 * Glossary (in addition to lib/engine/types.ts)
 * - Snapshot: the request, its tasks and their attempts at one moment (`lastEventId`), as
 *   summaries; a trace is the same with every task's detail (input, output, routing, tokens…).
 * - Event: one row of the request's append-only event log; folding events over a snapshot moves it
 *   forward (live updates) or rebuilds any past moment from the plan (replay).
 * - Branch: one agent's call inside a fan-out or consensus task (one attempt of that round).
 * - Synthesis: the step after every task is terminal that combines their outputs into the result.
 */

export interface TraceAgentRef {
  id: string;
  name: string;
  displayName: string;
}

/**
 * An attempt as the request page's live view carries it: what the graph, the timeline, the tables
 * and replay draw. The rest of it (tokens, the error, the remote task id) is in `TraceAttempt`,
 * read with the task when its drawer or table row opens.
 */
export interface AttemptSummary {
  number: number;
  /** The agent's slug name; null when the agent was deleted. */
  agent: string | null;
  status: AttemptStatus;
  startedAt: number;
  finishedAt: number | null;
  latencyMs: number | null;
  costMicros: string;
}

/** An attempt in full: the trace exports and `GET /api/v1/requests/{id}/tasks/{taskId}`. */
export interface TraceAttempt extends AttemptSummary {
  /** The agent's id (for a link to it); null when deleted. */
  agentId: string | null;
  /** The agent's display name. */
  agentDisplayName: string | null;
  tokensIn: number;
  tokensOut: number;
  errorKind: ErrorKind | null;
  error: string | null;
  /** The remote agent's task id (A2A), when it gave one. */
  remoteTaskId: string | null;
  /** The CancelTask sent to a remote A2A agent and its outcome; null when none was sent. */
  remoteCancel: TraceRemoteCancel | null;
}

export interface TraceRemoteCancel {
  ok: boolean;
  /** The remote task's state after the cancel, when the agent said. */
  state: string | null;
  error: string | null;
}

export interface TraceVote {
  agent: string;
  answer: string;
}

/** The longest task error and output preview a summary carries (the full text is in the detail). */
export const SUMMARY_TEXT_CHARS = 200;

/**
 * A task as the request page's live view carries it (ADR 0060): what the graph, the tasks table,
 * the timeline and replay need. Its input, output, routing explanation, full error and the
 * attempts' details are read when its drawer or table row opens (`TraceTask`), so a 500-task page
 * does not send them all up front.
 */
export interface TaskSummary {
  id: string;
  ref: string;
  description: string;
  capability: string;
  mode: ExecutionMode;
  status: TaskStatus;
  /** Refs of the tasks this one waits for. */
  dependsOn: string[];
  /** The agent the task is (or was last) assigned to. */
  agent: TraceAgentRef | null;
  /** The agent the plan or the approval preview routed it to, before anything ran. */
  plannedAgent: string | null;
  maxAttempts: number;
  /** Per attempt; a running attempt shows its elapsed time against it. */
  timeoutMs: number;
  estimatedCostMicros: string;
  startedAt: number | null;
  finishedAt: number | null;
  /** The task's error; in a summary at most `SUMMARY_TEXT_CHARS` characters (cut with "…"). */
  error: string | null;
  /** Set while every capable agent is busy and the task waits for a slot. */
  waiting: boolean;
  attempts: AttemptSummary[];
  /** Consensus votes (agent → answer) and the winning answer, when the task voted. */
  votes: TraceVote[];
  winner: string | null;
  /** One line of the output for tables (at most `SUMMARY_TEXT_CHARS`); null without output. */
  outputPreview: string | null;
}

/** A task in full: the trace exports and `GET /api/v1/requests/{id}/tasks/{taskId}`. */
export interface TraceTask extends Omit<TaskSummary, 'attempts'> {
  /** The full error. */
  error: string | null;
  attempts: TraceAttempt[];
  input: unknown;
  output: unknown;
  /** The routing explanation (candidates with scores, excluded agents with reasons). */
  routing: unknown;
}

/** The request as its page's live view carries it (tasks as summaries). */
export interface RequestSnapshot {
  id: string;
  status: RequestStatus;
  strategy: RoutingStrategy;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  costMicros: string;
  error: string | null;
  /** Who synthesized the result; null before synthesis (or when it never ran). */
  synthesizedBy: string | null;
  hasResult: boolean;
  /** The newest event folded into this snapshot ("0" when none). */
  lastEventId: string;
  /** In plan (topological) order. */
  tasks: TaskSummary[];
}

/** The request in full (every task's detail): the trace exports. */
export interface RequestTrace extends Omit<RequestSnapshot, 'tasks'> {
  tasks: TraceTask[];
}

/** One event of the log as the browser sees it (the SSE `data:` and the trace's `events`). */
export interface TraceEvent {
  /** bigserial id as a decimal string. */
  id: string;
  type: string;
  taskId: string | null;
  payload: unknown;
  /** Epoch ms. */
  at: number;
}

/** Compares two decimal event ids without losing precision. */
export function compareEventIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
