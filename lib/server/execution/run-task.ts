/**
 * The task job (architecture.md §3.4): one job runs one round of one task — a single attempt, or
 * one call per agent for fan-out and consensus. In three steps:
 *
 * 1. Claim (one short transaction under the request's lock): re-send or settle attempts a dead
 *    worker left open, ask the engine what to do with the claim (deadline, caps), route, book agent
 *    slots, check loop protection, start the attempts. When every capable agent is busy, the job
 *    waits and tries again.
 * 2. Call the adapter with the task's timeout and an abort signal; a cancel (NOTIFY) aborts it.
 * 3. Record (one short transaction): each attempt with its ledger row, the agent's slot and
 *    metrics, then the engine's verdict for the round — succeeded (dependents become ready),
 *    retrying after a backoff, fallback to the next agent, or failed (dependents are skipped).
 *    An attempt is recorded once: a second recording finds it settled and changes nothing.
 *
 * This file loads, asks the engine (lib/engine/execution/task-policy.ts) and writes through the
 * execution SQL module (attempt-sql.ts, settle.ts) on a connection of the shared pool (ADR 0020).
 */
import type { InvokeRequest, InvokeResult } from '@/lib/agents/types';
import { releaseAgentSlotIn, releaseLockedAgentSlot } from '@/lib/db/repositories/agent-calls';
import { untilConnected } from '@/lib/db/connection-loss';
import { withPgTx, type SqlTx } from '@/lib/db/sql';
import {
  RETRY_CLASS,
  assertTaskTransition,
  attemptTimeoutMs,
  decideClaim,
  estimateCallCost,
  estimateTokens,
  fallbackOrder,
  loopStop,
  route,
  settleRound,
  stableHash,
  type TaskStatus,
} from '@/lib/engine';
import { logger } from '@/lib/logger';
import { CANCEL_CHANNEL, type NotificationHub } from '../notifications';
import { toAgentTarget } from '../agent-target';
import { traceparentFor } from '../telemetry';
import {
  bookSlot,
  lockClaim,
  lockRecord,
  plannedAttempts,
  saveRouting,
  settleAttempt,
  startAttempts,
  writeTaskStatus,
  type ClaimContext,
  type StartedAttempt,
  type TaskRow,
} from './attempt-sql';
import { loadCandidates, takeRoundRobinPosition, type LoadedCandidate } from './candidates';
import { combine } from './consensus';
import type { ExecutionDeps } from './deps';
import { embeddingScores, type SemanticScores } from './embeddings';
import { appendEvents, type NewEvent } from './events';
import { routingJson } from './plan';
import { enqueueJob, JOBS, taskJobKey } from './queue';
import {
  cancelLostRemote,
  handOver,
  redeliverOpenAttempts,
  settleLostAttempts,
  type LostRemote,
} from './recovery';
import { checkRequestProgress, promoteDependentsOf, skipDependents, stopRequest } from './settle';
import { checkBudgets, recordingStatus, settleReservations } from '../budget/reservations';

export interface TaskJobPayload {
  taskId: string;
  /** How many times this task has waited for a free agent. */
  waits?: number;
}

interface Claim {
  requestId: string;
  task: TaskRow;
  calls: StartedAttempt[];
  input: InvokeRequest['input'];
  timeoutMs: number;
}

/** Why the worker aborted a call: the task/request was cancelled, or the worker is stopping. */
type AbortReason = 'cancelled' | 'shutdown';

export async function runTaskJob(
  deps: ExecutionDeps,
  payload: TaskJobPayload,
  context: { workerId: string; shutdown: AbortSignal; notifications?: NotificationHub },
): Promise<void> {
  const claim = await claimTask(deps, payload, context.workerId);
  if (!claim) return;
  const log = logger.child({
    requestId: claim.requestId,
    taskId: claim.task.id,
    ref: claim.task.ref,
  });
  const controller = new AbortController();
  let abortReason: AbortReason | null = null;
  const abort = (reason: AbortReason) => {
    if (abortReason) return;
    abortReason = reason;
    controller.abort(reason);
  };
  const onShutdown = () => abort('shutdown');
  context.shutdown.addEventListener('abort', onShutdown);
  if (context.shutdown.aborted) abort('shutdown');
  // Cancellation arrives as a NOTIFY (sent by a trigger when the task turns cancelled); the poll
  // is the fallback for one sent while the listening connection was down.
  const unsubscribe = context.notifications?.subscribe(CANCEL_CHANNEL, claim.task.id, () =>
    abort('cancelled'),
  );
  const watcher = setInterval(() => {
    void isCancelled(deps, claim.task.id).then(
      (cancelled) => cancelled && abort('cancelled'),
      () => {},
    );
  }, deps.cancelPollMs);
  try {
    const results = await Promise.all(
      claim.calls.map(async (call) => {
        log.info({ attempt: call.number, agent: call.loaded.row.name }, 'attempt started');
        const result = await invokeSafely(deps, call, claim, controller.signal);
        log.info(
          {
            attempt: call.number,
            agent: call.loaded.row.name,
            ok: result.ok,
            latencyMs: result.latencyMs,
            ...(!result.ok && { errorKind: result.errorKind }),
          },
          'attempt finished',
        );
        return result;
      }),
    );
    if (abortReason === 'shutdown') await handOver(deps, claim);
    else {
      // The answers are in hand: if the database went away meanwhile, wait for it rather than
      // fail the job (which would send the call again). Recording is idempotent (ADR 0056).
      await untilConnected(() => record(deps, claim, results, abortReason), {
        signal: context.shutdown,
        onRetry: (error, attempt) => {
          if (attempt === 1) {
            log.warn(
              { err: error },
              'database unreachable; the result is recorded when it is back',
            );
          }
        },
      });
    }
  } finally {
    clearInterval(watcher);
    unsubscribe?.();
    context.shutdown.removeEventListener('abort', onShutdown);
  }
}

async function isCancelled(deps: ExecutionDeps, taskId: string): Promise<boolean> {
  const { rows } = await deps.pool.query<{ task: TaskStatus; request: string }>(
    `SELECT t.status AS task, r.status AS request FROM tasks t JOIN requests r ON r.id = t.request_id
     WHERE t.id = $1::uuid`,
    [taskId],
  );
  const row = rows[0];
  return (
    !row || row.task === 'cancelled' || row.request === 'cancelled' || row.request === 'failed'
  );
}

async function invokeSafely(
  deps: ExecutionDeps,
  call: StartedAttempt,
  claim: Claim,
  signal: AbortSignal,
): Promise<InvokeResult> {
  const startedAt = performance.now();
  try {
    const target = toAgentTarget(call.loaded.row);
    return await deps.adapters(target.kind).invoke(target, {
      taskId: claim.task.id,
      attempt: call.number,
      idempotencyKey: call.idempotencyKey,
      capability: claim.task.capability,
      input: claim.input,
      signal,
      timeoutMs: claim.timeoutMs,
      traceparent: traceparentFor(claim.requestId, call.attemptId),
      onRemoteTask: (remoteTaskId) => {
        void deps.pool
          .query('UPDATE task_attempts SET remote_task_id = $2 WHERE id = $1::uuid', [
            call.attemptId,
            remoteTaskId.slice(0, 200),
          ])
          .catch(() => {});
      },
    });
  } catch (error) {
    // Adapters never throw for agent-side failures; a throw is a bug or a broken configuration.
    logger.error({ err: error, taskId: claim.task.id }, 'adapter threw');
    return {
      ok: false,
      errorKind: 'invalid_response',
      error: `Baton could not call the agent: ${error instanceof Error ? error.message : String(error)}`,
      latencyMs: Math.round(performance.now() - startedAt),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Claim

/** The claim needs relevance scores first (semantic routing): fetched outside any lock. */
interface NeedsScores {
  needsScores: { text: string; candidates: LoadedCandidate[] };
}

async function claimTask(
  deps: ExecutionDeps,
  payload: TaskJobPayload,
  workerId: string,
): Promise<Claim | null> {
  const lost: LostRemote[] = [];
  let semantic: SemanticScores | null | undefined;
  let outcome = await withPgTx(deps.pool, (tx) =>
    claimIn(deps, tx, payload, workerId, lost, semantic),
  );
  if (outcome && 'needsScores' in outcome) {
    // Embeddings are an HTTP call: never under a row lock. The claim then runs again.
    const { text, candidates } = outcome.needsScores;
    semantic = await embeddingScores(
      deps,
      text,
      candidates.map((l) => l.candidate),
    );
    outcome = await withPgTx(deps.pool, (tx) =>
      claimIn(deps, tx, payload, workerId, lost, semantic),
    );
  }
  // Remote work a dead worker left behind: ask those agents to stop (best effort, outside the lock).
  for (const entry of lost) void cancelLostRemote(deps, entry);
  return outcome && 'needsScores' in outcome ? null : outcome;
}

async function claimIn(
  deps: ExecutionDeps,
  tx: SqlTx,
  payload: TaskJobPayload,
  workerId: string,
  lost: LostRemote[],
  semantic: SemanticScores | null | undefined,
): Promise<Claim | NeedsScores | null> {
  const now = deps.now();
  const locked = await lockClaim(tx, payload.taskId);
  if (!locked) return null;
  const { request, ctx } = locked;
  const { task } = ctx;
  const input = taskInput(ctx);

  // A job that finds its own task running was re-delivered: the worker that ran it stopped.
  // The same attempts go out again, same agent, same idempotency key (the webhook contract's
  // promise), so an agent can hand back the work it already did instead of doing it twice.
  if (task.status === 'running' && request.status === 'running') {
    const again = await redeliverOpenAttempts(deps, tx, ctx, request, workerId, now);
    if (again) return { requestId: request.id, task, input, ...again };
  }
  if (task.status === 'running' || task.status === 'cancelled') {
    const cancelled = task.status === 'cancelled' || request.status !== 'running';
    lost.push(...(await settleLostAttempts(tx, ctx, request.id, now, cancelled)));
  }
  if (task.status === 'running') {
    if (request.status !== 'running') {
      await setTask(tx, task, 'cancelled', now, { error: `Request ${request.status}` });
      return null;
    }
    task.status = 'retrying';
  }
  if (request.status !== 'running' || !['ready', 'retrying'].includes(task.status)) return null;

  const fail = async (message: string) => {
    await setTask(tx, task, 'failed', now, { error: message });
    await skipDependents(tx, request.id, { ...task, status: 'failed' }, now);
    await checkRequestProgress(tx, request.id, now);
    return null;
  };

  // The request-wide cap grows with the plan; its sum is read only when the default is reached.
  let planned =
    request.attempt_count >= deps.loopGuard.maxAttempts ? await plannedAttempts(tx, request.id) : 0;
  const verdict = decideClaim({
    now: now.getTime(),
    deadlineAt: request.deadline_at?.getTime() ?? null,
    taskAttempts: task.attempt_count,
    taskMaxAttempts: task.max_attempts,
    requestAttempts: request.attempt_count,
    plannedAttempts: planned,
    loopGuard: deps.loopGuard,
  });
  if (verdict.kind === 'stop_request') {
    await stopRequest(tx, request.id, 'failed', verdict.reason, now);
    return null;
  }
  if (verdict.kind === 'fail_task') return fail(verdict.message);

  const loaded = await loadCandidates(tx, task.capability, task.options?.tag ?? null);
  if (request.strategy === 'semantic' && semantic === undefined) {
    const text = `${task.capability} ${typeof task.input === 'string' ? task.input : task.description}`;
    return { needsScores: { text, candidates: loaded } };
  }
  const inputHash = stableHash({ capability: task.capability, input });
  // Agents that failed this task in a way another agent might not (auth, invalid answers).
  const fellBack = new Set(
    ctx.failed
      .filter((a) => a.errorKind && RETRY_CLASS[a.errorKind] === 'fallback' && a.agentId)
      .map((a) => a.agentId!),
  );
  const budgets = await checkBudgets(tx, {
    requestId: request.id,
    capability: task.capability,
    candidates: loaded.map((l) => l.candidate),
    estimate: (c) => estimateCallCost(c, estimateTokens(input.text)),
    now,
  });
  const pool = loaded.filter(
    (l) => !fellBack.has(l.candidate.id) && !budgets.over.has(l.candidate.id),
  );
  if (budgets.blocksAll(pool.length)) return budgets.exhaust(tx, { requestId: request.id, task });
  const decision = budgets.explain(
    route(
      { capability: task.capability, input: input.text },
      pool.map((l) => l.candidate),
      request.strategy,
      {
        random: deps.random,
        now: now.getTime(),
        roundRobinPosition:
          request.strategy === 'round_robin'
            ? await takeRoundRobinPosition(tx, task.capability)
            : 0n,
        budgetRemaining:
          request.budget_limit_micros === null
            ? null
            : request.budget_limit_micros - request.cost_total_micros,
        ...(semantic && {
          semanticScores: pool.map((l) => semantic.byAgent.get(l.candidate.id) ?? 0),
        }),
      },
    ),
  );
  const ordered = [decision.chosen?.id, ...fallbackOrder(decision).map((r) => r.agentId)].filter(
    (id): id is string => typeof id === 'string',
  );
  const wanted =
    task.mode === 'single'
      ? 1
      : task.mode === 'consensus'
        ? (task.options?.agents ?? 3)
        : ordered.length;

  // Take slots in ranked order until enough agents are booked.
  const booked: { loaded: LoadedCandidate; identicalCalls: number }[] = [];
  let busy = false;
  for (const agentId of ordered) {
    if (booked.length >= wanted) break;
    const candidate = pool.find((l) => l.candidate.id === agentId)!;
    const slot = await bookSlot(tx, candidate, now, { requestId: request.id, inputHash });
    if (slot.ok) booked.push({ loaded: candidate, identicalCalls: slot.identicalCalls });
    else if (slot.reason === 'capacity' || slot.reason === 'circuit') busy = true;
  }
  const releaseBooked = async () => {
    for (const b of booked)
      await releaseAgentSlotIn(
        tx,
        b.loaded.candidate.id,
        { ok: false, latencyMs: 0, errorKind: 'cancelled' },
        now,
      );
  };
  const transient = decision.excluded.some(
    (e) => e.reason === 'at_capacity' || e.reason === 'circuit_open',
  );
  const routing = routingJson(decision, {
    ...(fellBack.size > 0 && { skippedAfterFailure: [...fellBack] }),
    ...(request.strategy === 'semantic' && { relevance: semantic?.source ?? 'BM25' }),
  });

  if (
    booked.length === 0 ||
    (task.mode === 'consensus' && booked.length < Math.min(wanted, 2) && (busy || transient))
  ) {
    // Give back any partial booking; wait when agents are merely busy, fail otherwise.
    await releaseBooked();
    if ((busy || transient) && (payload.waits ?? 0) < deps.maxCapacityWaits) {
      await waitForCapacity(deps, tx, task, payload, routing, now);
      return null;
    }
    await saveRouting(tx, task.id, routing);
    return fail(noAgentMessage(task, decision.excluded, pool.length, ctx, fellBack.size));
  }

  // Loop protection: the same agent asked the same thing too often within this request.
  if (planned === 0 && request.attempt_count + booked.length > deps.loopGuard.maxAttempts) {
    planned = await plannedAttempts(tx, request.id);
  }
  const looping = loopStop(
    booked.map((b) => ({
      agentId: b.loaded.candidate.id,
      agentName: b.loaded.candidate.name,
      input: { capability: task.capability, input },
      identicalCalls: b.identicalCalls,
    })),
    { requestAttempts: request.attempt_count, plannedAttempts: planned, loopGuard: deps.loopGuard },
  );
  if (looping) {
    await releaseBooked();
    await stopRequest(tx, request.id, 'failed', looping, now);
    return null;
  }

  assertTaskTransition(task.status, 'running', task.ref);
  const calls = await startAttempts(tx, {
    task,
    booked: booked.map((b) => b.loaded),
    firstNumber: ctx.maxNumber + 1,
    inputHash,
    workerId,
    routing,
    estimatedCost: booked.reduce(
      (sum, b) => sum + estimateCallCost(b.loaded.candidate, estimateTokens(input.text)),
      0n,
    ),
    now,
    events: (started) => [
      {
        requestId: request.id,
        taskId: task.id,
        type: 'task.routed',
        payload: {
          ref: task.ref,
          strategy: decision.strategy,
          agents: started.map((c) => c.loaded.candidate.name),
        },
      },
      ...started.map((call): NewEvent => ({
        requestId: request.id,
        taskId: task.id,
        type: 'attempt.started',
        payload: { ref: task.ref, attempt: call.number, agent: call.loaded.candidate.name },
      })),
    ],
  });
  await budgets.reserve(tx, calls);
  return {
    requestId: request.id,
    task,
    calls,
    input,
    timeoutMs: attemptTimeoutMs(task.timeout_ms, request.deadline_at?.getTime() ?? null, +now),
  };
}

/** The text and context an agent receives: the task's input and its dependencies' outputs. */
function taskInput({ task, context }: ClaimContext): InvokeRequest['input'] {
  const text =
    typeof task.input === 'string'
      ? task.input
      : task.input === null || task.input === undefined
        ? task.description
        : JSON.stringify(task.input);
  return context.length > 0 ? { text, context } : { text };
}

/** Every capable agent is busy: the job comes back after `capacityWaitMs` (logged once). */
async function waitForCapacity(
  deps: ExecutionDeps,
  tx: SqlTx,
  task: TaskRow,
  payload: TaskJobPayload,
  routing: unknown,
  now: Date,
): Promise<void> {
  const waits = (payload.waits ?? 0) + 1;
  await enqueueJob(
    tx,
    JOBS.task,
    { taskId: task.id, waits },
    { jobKey: taskJobKey(task.id), runAt: new Date(now.getTime() + deps.capacityWaitMs) },
  );
  if (waits === 1) {
    await appendEvents(tx, [
      {
        requestId: task.request_id,
        taskId: task.id,
        type: 'task.waiting',
        payload: { ref: task.ref, routing },
      },
    ]);
  }
}

/** Why no agent can take the task: what went wrong, not only that nobody is left. */
function noAgentMessage(
  task: TaskRow,
  excluded: readonly { name: string; reason: string; detail: string }[],
  poolSize: number,
  ctx: ClaimContext,
  fellBack: number,
): string {
  const reasons = excluded.map((e) => `${e.name} (${e.detail})`).join(', ');
  const overBudget = excluded.filter((e) => e.reason === 'over_budget');
  if (overBudget.length > 0 && overBudget.length === excluded.length && poolSize > 0) {
    return `over budget: every agent for '${task.capability}' would exceed the request's budget (${reasons})`;
  }
  const last = ctx.failed.at(-1);
  if (poolSize === 0 && last?.errorKind && fellBack > 0) {
    // The operator fixes the agent: name it and its error.
    return (
      `${last.errorKind}: ${last.error ?? 'the agent failed'}` +
      ` (agent ${last.agentName ?? 'unknown'}; no other agent offers '${task.capability}')`
    );
  }
  return poolSize === 0
    ? `no agent offers '${task.capability}'`
    : `no agent can run '${task.capability}' now: ${reasons || 'all are busy'}`;
}

// ---------------------------------------------------------------------------------------------
// 3. Record

async function setTask(
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
  await writeTaskStatus(tx, task, status, now, data, payload, before);
}

async function record(
  deps: ExecutionDeps,
  claim: Claim,
  results: InvokeResult[],
  abortReason: AbortReason | null,
): Promise<void> {
  const { task } = claim;
  await withPgTx(deps.pool, async (tx) => {
    const now = deps.now();
    const locked = await lockRecord(tx, claim.requestId, task.id);
    if (!locked) return;

    let settledAny = false;
    const events: NewEvent[] = [];
    for (const [index, call] of claim.calls.entries()) {
      const result = results[index]!;
      const candidate = call.loaded.candidate;
      const cost =
        result.ok && result.reportedCostMicros !== undefined
          ? result.reportedCostMicros
          : result.ok
            ? estimateCallCost(candidate, {
                inputTokens: result.usage?.tokensIn ?? 0,
                outputTokens: result.usage?.tokensOut ?? 0,
              })
            : 0n;
      // Budgets before the agent row (the claim's lock order); once, like the attempt.
      await settleReservations(tx, {
        attemptId: call.attemptId,
        requestId: claim.requestId,
        actual: cost,
        now,
      });
      const { settled, agent } = await settleAttempt(tx, {
        requestId: claim.requestId,
        taskId: task.id,
        attemptId: call.attemptId,
        agentId: candidate.id,
        result,
        cost,
        now,
        costKind: call.loaded.row.kind === 'mcp' ? 'tool' : 'agent',
      });
      // Exactly once: an attempt already settled (by a re-delivered job) is not recorded again.
      if (!settled) continue;
      settledAny = true;
      if (agent) {
        await releaseLockedAgentSlot(
          tx,
          candidate.id,
          agent,
          {
            ok: result.ok,
            latencyMs: result.latencyMs,
            // Aborted by us (cancel) says nothing about the agent.
            errorKind: result.ok ? null : abortReason ? 'cancelled' : result.errorKind,
          },
          now,
        );
      }
      events.push(...attemptEvents(claim, call, result, cost));
    }
    if (!settledAny || locked.taskStatus !== 'running') {
      // The task was cancelled (or settled elsewhere) while the call ran: nothing more to decide.
      await appendEvents(tx, events);
      return;
    }
    await decide(deps, tx, claim, results, recordingStatus(locked.requestStatus), now, events);
  });
}

function attemptEvents(
  claim: Claim,
  call: StartedAttempt,
  result: InvokeResult,
  cost: bigint,
): NewEvent[] {
  const base = { requestId: claim.requestId, taskId: claim.task.id };
  const agent = call.loaded.candidate.name;
  const ref = claim.task.ref;
  const latencyMs = Math.round(result.latencyMs);
  if (result.ok) {
    return [
      {
        ...base,
        type: 'attempt.succeeded',
        payload: { ref, attempt: call.number, agent, latencyMs, cost: cost.toString() },
      },
    ];
  }
  return [
    {
      ...base,
      type: result.errorKind === 'cancelled' ? 'attempt.cancelled' : 'attempt.failed',
      payload: {
        ref,
        attempt: call.number,
        agent,
        latencyMs,
        errorKind: result.errorKind,
        error: result.error,
      },
    },
    ...(result.remoteCancel
      ? [
          {
            ...base,
            type: 'attempt.remote_cancel' as const,
            payload: { ref, attempt: call.number, agent, ...result.remoteCancel },
          },
        ]
      : []),
  ];
}

async function decide(
  deps: ExecutionDeps,
  tx: SqlTx,
  claim: Claim,
  results: InvokeResult[],
  requestStatus: string,
  now: Date,
  events: NewEvent[],
): Promise<void> {
  // record() found the task running under the lock (the status the claim read was older).
  const task = { ...claim.task, request_id: claim.requestId, status: 'running' as const };
  const verdict = settleRound({
    mode: claim.task.mode,
    requestStatus,
    outcomes: results,
    attemptsBefore: claim.task.attempt_count,
    maxAttempts: claim.task.max_attempts,
    retryPolicy: deps.retryPolicy,
    random: deps.random,
  });
  const finish = async (status: 'failed' | 'cancelled') => {
    await skipDependents(tx, claim.requestId, { ...task, status }, now);
    await checkRequestProgress(tx, claim.requestId, now);
  };
  switch (verdict.kind) {
    case 'succeed': {
      const succeeded = results.flatMap((r, i) =>
        r.ok ? [{ result: r, call: claim.calls[i]! }] : [],
      );
      const failed = results.flatMap((r, i) =>
        !r.ok ? [{ result: r, call: claim.calls[i]! }] : [],
      );
      const outcome = await combine(deps, claim, succeeded, failed);
      if (outcome.ok) {
        await setTask(
          tx,
          task,
          'succeeded',
          now,
          { output: outcome.output, error: null },
          {},
          events,
        );
        await promoteDependentsOf(tx, claim.requestId, task.id);
        await checkRequestProgress(tx, claim.requestId, now);
        return;
      }
      await setTask(
        tx,
        task,
        'failed',
        now,
        { error: outcome.error, output: outcome.output },
        {},
        events,
      );
      return finish('failed');
    }
    case 'cancel':
      await setTask(tx, task, 'cancelled', now, { error: verdict.error }, {}, events);
      // The request stopped: stopRequest already settled the rest of the graph.
      if (verdict.cascade) await finish('cancelled');
      return;
    case 'retry':
      await setTask(
        tx,
        task,
        'retrying',
        now,
        { error: verdict.error },
        {
          attempt: verdict.attempt,
          nextAttempt: verdict.attempt + 1,
          delayMs: verdict.delayMs,
          fallback: verdict.fallback,
          errorKind: verdict.errorKind,
        },
        events,
      );
      await enqueueJob(
        tx,
        JOBS.task,
        { taskId: task.id },
        { jobKey: taskJobKey(task.id), runAt: new Date(now.getTime() + verdict.delayMs) },
      );
      return;
    case 'fail':
      await setTask(tx, task, 'failed', now, { error: verdict.error }, {}, events);
      return finish('failed');
  }
}
