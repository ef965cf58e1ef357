/**
 * The adapter contract: one adapter per agent kind (architecture.md §5), behind one interface. An
 * adapter talks to the outside world over the agent's real protocol; the engine never sees a
 * protocol, only these types.
 *
 * `probe` serves health checks and registration-time checks; `invoke` runs one attempt of one task;
 * `cancel` asks a remote agent to stop work it accepted (A2A `CancelTask`). Aborting `signal`
 * cancels an attempt of any kind: local work stops, the HTTP call is aborted, and an A2A adapter also
 * sends `CancelTask` for the remote task before it returns. All take the same `AgentTarget`.
 */
import type { AgentKind, ErrorKind } from '@/lib/engine';
import type { AgentConfigByKind } from './config';

/**
 * Everything an adapter needs to reach one agent. Built by lib/server from the Agent row: `config`
 * already parsed with the kind's schema (lib/agents/config.ts) and `secret` decrypted. Only
 * adapters ever see the secret; they must never put it in an error, a log line or a result.
 */
export type AgentTarget<K extends AgentKind = AgentKind> = {
  [P in K]: {
    id: string;
    /** Slug; used in messages. */
    name: string;
    kind: P;
    /** Base URL of the agent. Null only for builtin agents (they run in-process). */
    endpointUrl: string | null;
    config: AgentConfigByKind[P];
    /** Decrypted API key / bearer token, or null when the agent needs none. */
    secret: string | null;
  };
}[K];

export interface ProbeOptions {
  /** Aborts the probe (worker shutdown, cancelled health check). */
  signal?: AbortSignal;
  /** Upper bound for the whole probe, including every request it makes. */
  timeoutMs: number;
}

export interface ProbeResult {
  ok: boolean;
  /** Wall-clock time of the probe, measured even when it failed. */
  latencyMs: number;
  /**
   * Why the probe failed: short, human-readable, shown to operators and stored in health checks.
   * Never contains the secret (adapters redact it even when a remote server echoes it back).
   */
  error?: string;
  /**
   * A2A: the card read during the probe; MCP: the server's tool list in the same shape. The caller
   * compares `hash` and flags drift.
   */
  card?: ImportedCard;
}

/** A capability as Baton stores it (prisma `Capability`), imported from an A2A skill or MCP tool. */
export interface ImportedCapability {
  /** The skill id, sanitized to CAPABILITY_NAME_PATTERN. */
  name: string;
  description: string;
  /** Media types: the skill's input modes, or the card's defaults. */
  inputTypes: string[];
  outputTypes: string[];
  tags: string[];
  examples: string[];
  /** MCP tools: the tool's input JSON Schema. */
  inputSchema?: Record<string, unknown>;
}

export interface ImportedInterface {
  url: string;
  /** `JSONRPC`, `HTTP+JSON`, `GRPC`, … */
  protocolBinding: string;
  /** `1.0`, or `0.3` for legacy agents. */
  protocolVersion: string;
}

/** What Baton keeps from an agent card (`/.well-known/agent-card.json`). */
export interface ImportedCard {
  /** Where the card was read. */
  cardUrl: string;
  name: string;
  description: string;
  version: string;
  /** The card's interfaces, in its order of preference, each URL checked by validateAgentUrl. */
  interfaces: ImportedInterface[];
  /** The agent announces streaming (`SendStreamingMessage`). */
  streaming: boolean;
  capabilities: ImportedCapability[];
  /** SHA-256 (hex) of the canonical JSON of the skills only: a changed hash is drift. */
  hash: string;
  /** The card as served (parsed JSON), for the agent's `card` column. */
  raw: unknown;
}

/** One attempt of one task, as the engine hands it to an adapter. */
export interface InvokeRequest {
  taskId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Stable per (task, attempt): sent to remote agents so a repeated delivery is recognized. */
  idempotencyKey: string;
  /** The capability the task was routed for (e.g. `calculate`). */
  capability: string;
  /** The task's instruction, and what its dependencies produced (JSON-serializable). */
  input: { text: string; context?: unknown };
  /** The caller's abort (request cancelled, worker shutdown): the result is then `cancelled`. */
  signal: AbortSignal;
  /** Upper bound for the whole call; past it the result is `timeout`. */
  timeoutMs: number;
  /**
   * Called as soon as the agent names its own id for the work (A2A task id), before the call ends,
   * so the caller can record it and cancel the remote task from another process if needed.
   */
  onRemoteTask?: (remoteTaskId: string) => void;
  /**
   * W3C trace context of the attempt's span (`00-<trace id>-<span id>-01`) when OpenTelemetry is on
   * (lib/server/telemetry.ts). HTTP-based adapters send it as the `traceparent` header.
   */
  traceparent?: string;
}

/** What happened to a remote task when Baton asked it to stop. */
export interface RemoteCancelOutcome {
  remoteTaskId: string;
  /** The agent acknowledged the cancel (the task is now cancelled, or was already terminal). */
  ok: boolean;
  /** The remote task's state after the request (`CANCELED`, `COMPLETED`, …), when known. */
  state?: string;
  /** Why the cancel failed; never contains the secret. */
  error?: string;
}

export interface CancelRequest {
  remoteTaskId: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface InvokeUsage {
  tokensIn: number;
  tokensOut: number;
}

export interface InvokeSuccess {
  ok: true;
  /** JSON-serializable result: what dependent tasks receive. */
  output: unknown;
  /** The result as readable text. */
  text: string;
  usage?: InvokeUsage;
  /** Cost the agent reported itself, in micro-dollars (otherwise Baton estimates from pricing). */
  reportedCostMicros?: bigint;
  /** The agent's own id for the work (A2A task id, completion id), for logs and cancel. */
  remoteTaskId?: string;
  /** Wall-clock time of the call. */
  latencyMs: number;
}

export interface InvokeFailure {
  ok: false;
  /** Drives retry/fallback (lib/engine/execution/retry.ts RETRY_CLASS). */
  errorKind: ErrorKind;
  /** Short, operator-facing; never contains the secret. */
  error: string;
  /** From the agent's Retry-After, when it sent one (rate limits). */
  retryAfterMs?: number;
  latencyMs: number;
  /** The agent's id for the work, when it got that far. */
  remoteTaskId?: string;
  /** For `cancelled` A2A attempts: the CancelTask sent to the agent and its outcome. */
  remoteCancel?: RemoteCancelOutcome;
}

export type InvokeResult = InvokeSuccess | InvokeFailure;

export interface AgentAdapter<K extends AgentKind = AgentKind> {
  readonly kind: K;
  /**
   * Checks that the agent is reachable and answering. Never throws for an agent-side failure: the
   * result says `ok: false` with a short `error`. Throws only for programming errors.
   */
  probe(target: AgentTarget<K>, options: ProbeOptions): Promise<ProbeResult>;
  /**
   * Runs one attempt. Never throws for an agent-side failure (unreachable, timed out, refused,
   * malformed answer, cancelled): the result says `ok: false` with an `errorKind`. Throws only for
   * programming errors.
   */
  invoke(target: AgentTarget<K>, request: InvokeRequest): Promise<InvokeResult>;
  /**
   * Asks the agent to stop a remote task (A2A `CancelTask`). Only kinds whose work outlives the HTTP
   * call implement it; for the others aborting `invoke`'s signal is the whole cancel. Never throws
   * for an agent-side failure.
   */
  cancel?(target: AgentTarget<K>, request: CancelRequest): Promise<RemoteCancelOutcome>;
}
