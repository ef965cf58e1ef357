/**
 * The executor's per-task statements (ADR 0020): what claiming and recording an attempt read and
 * write, each a single set-based statement on `SqlTx` — in production a connection of the shared
 * pool inside one short transaction (lib/db/sql.ts), never the ORM. run-task.ts decides (with the
 * engine) and calls these; nothing else in the executor writes attempts.
 *
 * A claim on the common path is: lock the task (the request in share mode), read it with everything
 * routing needs (dependency outputs, failed attempts, the next attempt number), read the candidates,
 * choose agents with a free slot, count their identical calls (loop protection), start the
 * attempts (attempt rows, task, request counter, events), take the slots. A record is: lock, settle each attempt with
 * its ledger row, settle the task (with its events), promote dependents, add the spend, give the
 * slots back.
 *
 * Locks (ADR 0020, addenda "2026-12-08" and "agents last"): tasks of one request claim and record
 * at the same time. Each takes its own task `FOR UPDATE` and the request `FOR KEY SHARE` (which only `FOR
 * UPDATE` conflicts with: plan, operator actions, finish and stopping a request take that, so none
 * of them overlaps a claim or a record). The request's row itself is then locked `FOR NO KEY
 * UPDATE` — one transaction at a time per request — only from the first event written (events.ts:
 * ids commit in order) to commit. Agents' rows come last: every call to an agent updates its row
 * (slot taken, slot given back), so the claim takes slots and the record gives them back as their
 * final statements, and that row is held only from there to commit. The order is global: own task
 * → budgets → request row → other tasks of the request (dependents promoted or skipped) → agents,
 * in id order.
 */
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { Prisma } from '@/lib/db/generated/prisma/client';
import {
  acquireAgentSlotIn,
  LOCKED_AGENT_COLUMNS,
  type LockedAgent,
} from '@/lib/db/repositories/agent-calls';
import type { SqlTx } from '@/lib/db/sql';
import {
  assertTaskTransition,
  canAttempt,
  hasCapacity,
  isRoutable,
  type ErrorKind,
  type ExecutionMode,
  type RequestStatus,
  type RoutingStrategy,
  type TaskStatus,
} from '@/lib/engine';
import type { InvokeResult, RemoteCancelOutcome } from '@/lib/agents/types';
import type { LoadedCandidate } from './candidates';
import { changeWithEvents, changeWithEventsReturning, type NewEvent } from './events';
import { progressQuery, type RequestProgress } from './settle';

export interface RequestRow {
  id: string;
  status: RequestStatus;
  strategy: RoutingStrategy;
  budget_limit_micros: bigint | null;
  cost_total_micros: bigint;
  attempt_count: number;
  deadline_at: Date | null;
}

export interface TaskRow {
  id: string;
  request_id: string;
  ref: string;
  description: string;
  capability: string;
  input: unknown;
  mode: ExecutionMode;
  options: { agents?: number; tag?: string; judge?: string } | null;
  status: TaskStatus;
  max_attempts: number;
  timeout_ms: number;
  attempt_count: number;
}

export interface FailedAttempt {
  agentId: string | null;
  agentName: string | null;
  errorKind: ErrorKind | null;
  error: string | null;
}

export interface ClaimContext {
  task: TaskRow;
  /** Outputs of the dependencies that succeeded, in id order: the agent's `context`. */
  context: { ref: string; capability: string; output: unknown }[];
  /** This task's failed attempts, oldest first (fallback skips agents that failed it). */
  failed: FailedAttempt[];
  /** The highest attempt number so far (0 before the first). */
  maxNumber: number;
}

/**
 * The task locked and the request in share mode (no plan, operator action or stop runs meanwhile;
 * other tasks' claims and records may), with everything a claim decides on: one statement. The
 * request's attempt counter may move under a concurrent claim: startAttempts returns it fresh.
 */
export async function lockClaim(
  tx: SqlTx,
  taskId: string,
): Promise<{ request: RequestRow; ctx: ClaimContext } | undefined> {
  const [row] = await tx.$queryRaw<
    (TaskRow & {
      r_status: RequestStatus;
      strategy: RoutingStrategy;
      budget_limit_micros: bigint | null;
      cost_total_micros: bigint;
      r_attempt_count: number;
      deadline_at: Date | null;
      max_number: number | null;
      context: ClaimContext['context'] | null;
      failed: FailedAttempt[] | null;
    })[]
  >`
    SELECT r.status AS r_status, r.strategy, r.budget_limit_micros, r.cost_total_micros,
           r.attempt_count AS r_attempt_count, r.deadline_at,
           t.id, t.request_id, t.ref, t.description, t.capability, t.input, t.mode, t.options,
           t.status, t.max_attempts, t.timeout_ms, t.attempt_count,
           (SELECT max(number) FROM task_attempts WHERE task_id = t.id) AS max_number,
           (SELECT json_agg(json_build_object('ref', d.ref, 'capability', d.capability,
                                              'output', d.output) ORDER BY d.id)
              FROM task_dependencies td JOIN tasks d ON d.id = td.depends_on_id
             WHERE td.task_id = t.id AND d.status = 'succeeded') AS context,
           (SELECT json_agg(json_build_object('agentId', a.agent_id, 'agentName', ag.name,
                                              'errorKind', a.error_kind, 'error', a.error)
                            ORDER BY a.number)
              FROM task_attempts a LEFT JOIN agents ag ON ag.id = a.agent_id
             WHERE a.task_id = t.id AND a.status = 'failed') AS failed
    FROM requests r JOIN tasks t ON t.request_id = r.id
    WHERE t.id = ${taskId}::uuid
    FOR KEY SHARE OF r FOR UPDATE OF t`;
  if (!row) return undefined;
  const {
    r_status,
    strategy,
    budget_limit_micros,
    cost_total_micros,
    r_attempt_count,
    deadline_at,
    max_number,
    context,
    failed,
    ...task
  } = row;
  return {
    request: {
      id: task.request_id,
      status: r_status,
      strategy,
      budget_limit_micros,
      cost_total_micros,
      attempt_count: r_attempt_count,
      deadline_at,
    },
    ctx: { task, context: context ?? [], failed: failed ?? [], maxNumber: max_number ?? 0 },
  };
}

/** The request a task belongs to (no lock). */
export async function requestOfTask(tx: SqlTx, taskId: string): Promise<string | undefined> {
  const [row] = await tx.$queryRaw<{ request_id: string }[]>`
    SELECT request_id FROM tasks WHERE id = ${taskId}::uuid`;
  return row?.request_id;
}

/** The task's status locked and the request's in share mode (as lockClaim): what a record starts with. */
export async function lockRecord(
  tx: SqlTx,
  requestId: string,
  taskId: string,
): Promise<{ requestStatus: RequestStatus; taskStatus: TaskStatus } | undefined> {
  const [row] = await tx.$queryRaw<{ request_status: RequestStatus; task_status: TaskStatus }[]>`
    SELECT r.status AS request_status, t.status AS task_status
    FROM requests r JOIN tasks t ON t.request_id = r.id
    WHERE r.id = ${requestId}::uuid AND t.id = ${taskId}::uuid
    FOR KEY SHARE OF r FOR UPDATE OF t`;
  return row ? { requestStatus: row.request_status, taskStatus: row.task_status } : undefined;
}

export type Booking =
  | { ok: true; identicalCalls: number }
  | { ok: false; reason: 'unavailable' | 'status' | 'capacity' | 'circuit' };

/** Why a candidate cannot take the call, judged on the values the candidate query read. */
export type SlotRefusal = 'status' | 'capacity' | 'circuit';

/**
 * Whether a candidate can take one more call (status, capacity, breaker), on the values the
 * candidate query read, without touching its row: the claim chooses its agents with this and
 * takes their slots as its last statements (takeSlots), so an agent's row — which every call to
 * that agent updates — is locked only from there to commit (lock order: ADR 0020 addendum "agents last").
 */
export function slotOpen(loaded: LoadedCandidate, now: Date): SlotRefusal | null {
  const c = loaded.candidate;
  if (!isRoutable(c.status)) return 'status';
  if (!hasCapacity(c.inFlight, c.maxConcurrentTasks)) return 'capacity';
  return canAttempt(c.circuit, now.getTime()).allowed ? null : 'circuit';
}

/**
 * Takes one in-flight slot on each agent, in id order (two claims booking the same agents never
 * wait on each other in a cycle). Each is one conditional UPDATE that applies the decision
 * slotOpen made only if the row still holds the values it was made on (and a free slot); when the
 * row moved meanwhile, the locking path decides again on the locked row. Returns the agents it
 * could not book, with why (the claim then rolls back and runs again on fresh values).
 *
 * `recount`: the loop detector's identical calls read again in the first UPDATE's statement (for
 * a claim that found, once the request's row was locked, that another claim of the request started
 * attempts since it first looked). The caller holds the request's row lock from an earlier
 * statement, so this statement's snapshot sees every attempt committed before it: one round trip
 * fewer while that lock is held. Counts are those of `identicalCallsExcept`; when an agent is
 * refused they may be missing (the claim runs again anyway).
 */
export async function takeSlots(
  tx: SqlTx,
  booked: readonly LoadedCandidate[],
  now: Date,
  recount?: IdenticalCallsQuery,
): Promise<{
  refused: { agentId: string; reason: SlotRefusal | 'unavailable' }[];
  identical: Map<string, number>;
}> {
  const refused: { agentId: string; reason: SlotRefusal | 'unavailable' }[] = [];
  let identical = new Map<string, number>();
  const inOrder = [...booked].sort((a, b) =>
    a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0,
  );
  for (const [index, loaded] of inOrder.entries()) {
    const c = loaded.candidate;
    const decision = canAttempt(c.circuit, now.getTime());
    if (!decision.allowed) {
      // Judged on old values: the locking path decides on the row as it is now.
      const slot = await acquireAgentSlotIn(tx, c.id, now);
      if (!slot.ok) refused.push({ agentId: c.id, reason: slot.reason });
      continue;
    }
    const next = decision.state;
    const trialAt = next.state === 'half_open' && next.trialCalls > 0 ? now : null;
    const expectedTrial = c.circuit.trialCalls > 0;
    const update = Prisma.sql`
      UPDATE agents SET in_flight = in_flight + 1, circuit_state = ${next.state}::circuit_state,
                        circuit_failures = ${next.consecutiveFailures},
                        circuit_opened_at = ${next.since === null ? null : new Date(next.since)}::timestamptz,
                        circuit_trial_at = ${trialAt}::timestamptz
      WHERE id = ${c.id}::uuid AND deleted_at IS NULL AND status = ${c.status}::agent_status
        AND in_flight < max_concurrent_tasks
        AND circuit_state = ${c.circuit.state}::circuit_state
        AND circuit_failures = ${c.circuit.consecutiveFailures}
        AND (circuit_trial_at IS NOT NULL) = ${expectedTrial}`;
    let taken: boolean;
    if (index === 0 && recount) {
      const [row] = await tx.$queryRaw<{ taken: number; identical: Record<string, number> }[]>`
        WITH identical AS (${identicalCallsSql(recount)}), taken AS (${update} RETURNING 1)
        SELECT (SELECT count(*)::int FROM taken) AS taken,
               (SELECT coalesce(json_object_agg(agent_id, n), '{}'::json) FROM identical) AS identical`;
      taken = (row?.taken ?? 0) > 0;
      identical = new Map(Object.entries(row?.identical ?? {}));
    } else {
      taken = (await tx.$executeRaw(update)) > 0;
    }
    if (taken) continue;
    const slot = await acquireAgentSlotIn(tx, c.id, now);
    if (!slot.ok) refused.push({ agentId: c.id, reason: slot.reason });
  }
  return { refused, identical };
}

/**
 * Takes one in-flight slot on a candidate and returns how often this agent was already asked the
 * same thing in this request (slotOpen + takeSlots + identicalCallsExcept, for callers outside
 * the claim's flow and for tests).
 */
export async function bookSlot(
  tx: SqlTx,
  loaded: LoadedCandidate,
  now: Date,
  loop: { requestId: string; inputHash: string },
): Promise<Booking> {
  const refusal = slotOpen(loaded, now);
  if (refusal) return { ok: false, reason: refusal };
  const [refused] = (await takeSlots(tx, [loaded], now)).refused;
  if (refused) return { ok: false, reason: refused.reason };
  const counts = await identicalCallsExcept(tx, loop, [loaded.candidate.id], []);
  return { ok: true, identicalCalls: counts.get(loaded.candidate.id) ?? 0 };
}

/** What the loop detector counts: this request's calls to these agents with this input. */
export interface IdenticalCallsQuery {
  requestId: string;
  inputHash: string;
  agentIds: readonly string[];
  /** Attempts not to count (the round just started). */
  except: readonly string[];
}

function identicalCallsSql(q: IdenticalCallsQuery) {
  return Prisma.sql`
    SELECT agent_id, count(*)::int AS n FROM task_attempts
    WHERE request_id = ${q.requestId}::uuid AND input_hash = ${q.inputHash}
      AND agent_id = ANY(${[...q.agentIds]}::uuid[]) AND NOT (id = ANY(${[...q.except]}::uuid[]))
    GROUP BY agent_id`;
}

/**
 * Calls this request made to each agent with this input, not counting `except` (the round just
 * started): the loop detector's input, read before the claim locks anything.
 */
export async function identicalCallsExcept(
  tx: SqlTx,
  loop: { requestId: string; inputHash: string },
  agentIds: readonly string[],
  except: readonly string[],
): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ agent_id: string; n: number }[]>(
    identicalCallsSql({ ...loop, agentIds, except }),
  );
  return new Map(rows.map((row) => [row.agent_id, row.n]));
}

export interface StartedAttempt {
  attemptId: string;
  number: number;
  idempotencyKey: string;
  loaded: LoadedCandidate;
}

/**
 * Starts a round: the attempt rows, the task `running` (assigned agent, routing, counters), the
 * request's attempt counter and the round's events — one statement, which locks the request's row.
 * Returns the round and the request's attempt counter after it (fresh: read under that lock).
 */
export async function startAttempts(
  tx: SqlTx,
  input: {
    task: TaskRow;
    booked: readonly LoadedCandidate[];
    firstNumber: number;
    inputHash: string;
    workerId: string;
    routing: unknown;
    estimatedCost: bigint;
    now: Date;
    /** The round's events (routed, one started per call), written in the same statement. */
    events: (calls: readonly StartedAttempt[]) => NewEvent[];
  },
): Promise<{ calls: StartedAttempt[]; requestAttempts: number }> {
  const { task, now } = input;
  const calls = input.booked.map((loaded, index): StartedAttempt => {
    const number = input.firstNumber + index;
    return { attemptId: uuidv7(), number, idempotencyKey: `${task.id}:${number}`, loaded };
  });
  const requestAttempts = await changeWithEventsReturning<number>(
    tx,
    [
      Prisma.sql`attempts AS (
        INSERT INTO task_attempts (id, task_id, agent_id, number, idempotency_key, input_hash,
                                   request_id, worker_id, started_at, status)
        SELECT a.id, ${task.id}::uuid, a.agent_id, a.number, a.key, ${input.inputHash},
               ${task.request_id}::uuid,
               ${input.workerId}, ${now}::timestamptz, 'running'
        FROM unnest(${calls.map((c) => c.attemptId)}::uuid[],
                    ${calls.map((c) => c.loaded.candidate.id)}::uuid[],
                    ${calls.map((c) => c.number)}::int[],
                    ${calls.map((c) => c.idempotencyKey)}::text[]) AS a(id, agent_id, number, key)
      )`,
      Prisma.sql`started AS (
        UPDATE tasks SET status = 'running',
                         assigned_agent_id = ${calls[0]!.loaded.candidate.id}::uuid,
                         routing = ${JSON.stringify(input.routing)}::jsonb,
                         attempt_count = attempt_count + 1,
                         estimated_cost_micros = ${input.estimatedCost}::bigint,
                         started_at = CASE WHEN attempt_count = 0 THEN ${now}::timestamptz
                                           ELSE started_at END,
                         updated_at = now()
        WHERE id = ${task.id}::uuid
      )`,
      Prisma.sql`counted AS (
        UPDATE requests SET attempt_count = attempt_count + ${calls.length}::int,
                            updated_at = now()
        WHERE id = ${task.request_id}::uuid
        RETURNING attempt_count
      )`,
    ],
    input.events(calls),
    Prisma.sql`SELECT attempt_count FROM counted`,
  );
  return { calls, requestAttempts: requestAttempts ?? 0 };
}

/** The task's routing explanation, without starting it (a task that waits or fails at routing). */
export async function saveRouting(tx: SqlTx, taskId: string, routing: unknown): Promise<void> {
  await tx.$executeRaw`
    UPDATE tasks SET routing = ${JSON.stringify(routing)}::jsonb, updated_at = now()
    WHERE id = ${taskId}::uuid`;
}

/** Adds `count` attempts to the request's counter (loop protection counts re-sent calls too). */
export async function countRequestAttempts(
  tx: SqlTx,
  requestId: string,
  count: number,
): Promise<void> {
  await tx.$executeRaw`
    UPDATE requests SET attempt_count = attempt_count + ${count}::int, updated_at = now()
    WHERE id = ${requestId}::uuid`;
}

/**
 * Sets a task's status (refusing a move the engine's transition table forbids) and appends its
 * event after `before` — the attempts' events of the same round — in the order given: one statement.
 */
export async function writeTaskStatus(
  tx: SqlTx,
  task: Pick<TaskRow, 'id' | 'request_id' | 'ref' | 'status'>,
  status: TaskStatus,
  now: Date,
  data: { error?: string | null; output?: unknown } = {},
  payload: Record<string, unknown> = {},
  before: readonly NewEvent[] = [],
): Promise<void> {
  // The engine's table is the rule: an illegal move here is a bug, and rolls the transaction back.
  assertTaskTransition(task.status, status, task.ref);
  const terminal = ['succeeded', 'failed', 'cancelled', 'skipped'].includes(status);
  const sets = [
    Prisma.sql`status = ${status}::task_status`,
    Prisma.sql`updated_at = now()`,
    ...(data.error !== undefined ? [Prisma.sql`error = ${data.error}`] : []),
    ...(data.output !== undefined ? [Prisma.sql`output = ${jsonOrNull(data.output)}::jsonb`] : []),
    ...(terminal ? [Prisma.sql`finished_at = ${now}::timestamptz`] : []),
  ];
  await changeWithEvents(
    tx,
    [Prisma.sql`changed AS (UPDATE tasks SET ${Prisma.join(sets)} WHERE id = ${task.id}::uuid)`],
    [
      ...before,
      {
        requestId: task.request_id,
        taskId: task.id,
        type: `task.${status}` as NewEvent['type'],
        payload: { ref: task.ref, ...(data.error ? { error: data.error } : {}), ...payload },
      },
    ],
  );
}

/** JSON text for a jsonb parameter; SQL NULL for null / undefined (as Prisma stores them). */
export function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Settles one attempt with its outcome and its ledger row — one statement, and only while the
 * attempt is still running (exactly once: a second recording changes nothing). `settled` says
 * whether this call settled it. The agent's slot is given back at the end of the record, and the
 * request's spend added just before (addRequestSpend): the global lock order.
 */
export async function settleAttempt(
  tx: SqlTx,
  input: {
    requestId: string;
    taskId: string;
    attemptId: string;
    agentId: string;
    result: InvokeResult;
    cost: bigint;
    now: Date;
    /** The ledger row's kind: `tool` for an MCP server's per-call price (issue 13). */
    costKind?: 'agent' | 'tool';
  },
): Promise<{ settled: boolean }> {
  const { result, cost } = input;
  const status = result.ok
    ? 'succeeded'
    : result.errorKind === 'cancelled'
      ? 'cancelled'
      : 'failed';
  const tokensIn = result.ok ? (result.usage?.tokensIn ?? 0) : 0;
  const tokensOut = result.ok ? (result.usage?.tokensOut ?? 0) : 0;
  const ledger = cost > 0n || (result.ok && result.usage !== undefined);
  const reported = result.ok && result.reportedCostMicros !== undefined;
  const remoteCancel: RemoteCancelOutcome | undefined = result.ok ? undefined : result.remoteCancel;
  const [row] = await tx.$queryRaw<{ settled: number }[]>`
    WITH settled AS (
      UPDATE task_attempts
      SET status = ${status}::attempt_status, finished_at = ${input.now}::timestamptz,
          latency_ms = ${Math.round(result.latencyMs)}::int,
          tokens_in = ${tokensIn}::int, tokens_out = ${tokensOut}::int,
          cost_micros = ${cost}::bigint,
          output = ${result.ok ? jsonOrNull(result.output) : null}::jsonb,
          error_kind = ${result.ok ? null : result.errorKind}::error_kind,
          error = ${result.ok ? null : result.error.slice(0, 2000)},
          remote_task_id = COALESCE(${result.remoteTaskId?.slice(0, 200) ?? null}, remote_task_id),
          remote_cancel = COALESCE(${jsonOrNull(remoteCancel)}::jsonb, remote_cancel)
      WHERE id = ${input.attemptId}::uuid AND status = 'running'
      RETURNING id
    ), ledger AS (
      INSERT INTO cost_entries (request_id, task_id, agent_id, attempt_id, capability, kind,
                                tokens_in, tokens_out, amount_micros, is_reported)
      SELECT ${input.requestId}::uuid, ${input.taskId}::uuid, ${input.agentId}::uuid, settled.id,
             (SELECT capability FROM tasks WHERE id = ${input.taskId}::uuid),
             ${input.costKind ?? 'agent'}::cost_kind,
             ${tokensIn}::int, ${tokensOut}::int, ${cost}::bigint, ${reported}
      FROM settled WHERE ${ledger}
      RETURNING 1
    )
    SELECT count(*)::int AS settled FROM settled`;
  return { settled: (row?.settled ?? 0) > 0 };
}

/**
 * The record's last read, one statement: the agents whose slots it gives back, locked in id order
 * (lock order: agents last), and, when a task reached a terminal state, the request's progress
 * (settle.ts actOnProgress). The caller holds the request's row lock from an earlier statement
 * (the task's event took it), so the progress sees every task of the request as committed
 * before this statement began: two tasks ending at once cannot both see the other still running.
 */
export async function lockAgentsAndProgress(
  tx: SqlTx,
  requestId: string,
  agentIds: readonly string[],
  withProgress: boolean,
): Promise<{ agents: Map<string, LockedAgent>; progress: RequestProgress | undefined }> {
  if (agentIds.length === 0 && !withProgress) return { agents: new Map(), progress: undefined };
  const rows = await tx.$queryRaw<
    (Partial<LockedAgent> & { agent_id: string | null } & RequestProgress)[]
  >`
    WITH locked AS MATERIALIZED (
      SELECT id, ${LOCKED_AGENT_COLUMNS} FROM agents
      WHERE id = ANY(${[...agentIds]}::uuid[]) AND deleted_at IS NULL
      ORDER BY id FOR UPDATE
    ), progress AS (${
      withProgress
        ? progressQuery(requestId)
        : Prisma.sql`SELECT false AS open, false AS active, false AS startable`
    })
    SELECT p.open, p.active, p.startable, l.id AS agent_id, l.status, l.in_flight,
           l.max_concurrent_tasks, l.circuit_state, l.circuit_failures, l.circuit_opened_at,
           l.circuit_trial_at, l.ewma_latency_ms, l.success_rate, l.total_calls, l.failed_calls
    FROM progress p LEFT JOIN locked l ON true
    ORDER BY l.id`;
  const agents = new Map<string, LockedAgent>();
  for (const { agent_id, open: _open, active: _active, startable: _startable, ...agent } of rows) {
    if (agent_id !== null) agents.set(agent_id, agent as LockedAgent);
  }
  const first = rows[0];
  return {
    agents,
    progress:
      withProgress && first
        ? { open: first.open, active: first.active, startable: first.startable }
        : undefined,
  };
}

/** Adds what a record's settled attempts cost to the request's spend (locks the request's row). */
export async function addRequestSpend(tx: SqlTx, requestId: string, amount: bigint): Promise<void> {
  if (amount <= 0n) return;
  await tx.$executeRaw`
    UPDATE requests SET cost_total_micros = cost_total_micros + ${amount}::bigint
    WHERE id = ${requestId}::uuid`;
}

/** The task's status, locked (record and hand-over take it after the request's lock). */
export async function lockTaskStatus(tx: SqlTx, taskId: string): Promise<TaskStatus | undefined> {
  const [row] = await tx.$queryRaw<{ status: TaskStatus }[]>`
    SELECT status FROM tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
  return row?.status;
}

/**
 * Sum of the plan's per-task attempt caps: the request-wide cap grows with the plan. A claim reads
 * it on every call once the request passed the default cap, and the sum walks every task of the
 * request (O(n²) over an n-task fan-out), so each process keeps it per running request: only the
 * plan writes tasks and their caps, before the request runs, so the sum never changes after.
 */
export async function plannedAttempts(tx: SqlTx, requestId: string): Promise<number> {
  const known = plannedByRequest.get(requestId);
  if (known !== undefined) return known;
  const [row] = await tx.$queryRaw<{ total: bigint | null; running: boolean }[]>`
    SELECT (SELECT sum(max_attempts) FROM tasks WHERE request_id = ${requestId}::uuid) AS total,
           EXISTS (SELECT 1 FROM requests WHERE id = ${requestId}::uuid AND status = 'running') AS running`;
  const total = Number(row?.total ?? 0);
  if (row?.running) {
    // Oldest first out: a Map iterates in insertion order.
    if (plannedByRequest.size >= PLANNED_CACHE_MAX) {
      plannedByRequest.delete(plannedByRequest.keys().next().value!);
    }
    plannedByRequest.set(requestId, total);
  }
  return total;
}

const PLANNED_CACHE_MAX = 10_000;
const plannedByRequest = new Map<string, number>();

/** Statements a running attempt makes outside any transaction, on the pool itself. */
type PoolQuery = Pick<pg.Pool, 'query'>;

/** Whether a running attempt's work is no longer wanted: its task or its request has ended. */
export async function isTaskUnwanted(pool: PoolQuery, taskId: string): Promise<boolean> {
  const { rows } = await pool.query<{ task: TaskStatus; request: RequestStatus }>(
    `SELECT t.status AS task, r.status AS request FROM tasks t JOIN requests r ON r.id = t.request_id
     WHERE t.id = $1::uuid`,
    [taskId],
  );
  const row = rows[0];
  return (
    !row || row.task === 'cancelled' || row.request === 'cancelled' || row.request === 'failed'
  );
}

/** The agent's own id for the attempt's work (A2A task id), as soon as the agent names it. */
export async function saveRemoteTaskId(
  pool: PoolQuery,
  attemptId: string,
  remoteTaskId: string,
): Promise<void> {
  await pool.query('UPDATE task_attempts SET remote_task_id = $2 WHERE id = $1::uuid', [
    attemptId,
    remoteTaskId.slice(0, 200),
  ]);
}

/**
 * A routing cost (the embeddings call of semantic routing) in the ledger, attached to the request
 * and task, and added to the request's spend. The caller charges the budgets in the same transaction.
 */
export async function recordRoutingCost(
  tx: SqlTx,
  input: {
    requestId: string;
    taskId: string;
    capability: string;
    agentId: string;
    tokensIn: number;
    costMicros: bigint;
    now: Date;
  },
): Promise<void> {
  await tx.$executeRaw`
    WITH ledger AS (
      INSERT INTO cost_entries (request_id, task_id, agent_id, capability, kind, tokens_in,
                                tokens_out, amount_micros, is_reported, created_at)
      VALUES (${input.requestId}::uuid, ${input.taskId}::uuid, ${input.agentId}::uuid,
              ${input.capability}, 'routing'::cost_kind, ${input.tokensIn}::int, 0,
              ${input.costMicros}::bigint, false, ${input.now}::timestamptz)
      RETURNING 1
    )
    UPDATE requests SET cost_total_micros = cost_total_micros + ${input.costMicros}::bigint,
                        updated_at = now()
    WHERE id = ${input.requestId}::uuid AND ${input.costMicros}::bigint > 0
      AND EXISTS (SELECT 1 FROM ledger)`;
}
