/**
 * Step 1 of the task job (run-task.ts): the claim, in one short transaction that locks the task
 * (the request in share mode: other tasks of it claim at the same time; attempt-sql.ts). Re-send or settle attempts a dead worker left open, ask the engine what to do with the claim
 * (deadline, caps), route, choose agents with a free slot, check loop protection, start the
 * attempts, and take the agents' slots last (the lock order, attempt-sql.ts). When every
 * capable agent is busy, the job waits and tries again.
 */
import type { InvokeRequest } from '@/lib/agents/types';
import { withPgTx, withPgTxRetry, type SqlTx } from '@/lib/db/sql';
import {
  RETRY_CLASS,
  afterBooking,
  agentsWanted,
  assertTaskTransition,
  attemptTimeoutMs,
  decideClaim,
  estimateCallCost,
  estimateTokens,
  fallbackOrder,
  loopStop,
  noAgentMessage,
  route,
  stableHash,
  taskInputText,
} from '@/lib/engine';
import { chargeBudgets, checkBudgets, type RequestStop } from '../budget/reservations';
import {
  identicalCallsExcept,
  lockClaim,
  requestOfTask,
  plannedAttempts,
  recordRoutingCost,
  saveRouting,
  slotOpen,
  startAttempts,
  takeSlots,
  writeTaskStatus,
  type StartedAttempt,
  type TaskRow,
} from './attempt-sql';
import { loadCandidates, takeRoundRobinPosition, type LoadedCandidate } from './candidates';
import type { ExecutionDeps } from './deps';
import { embeddingScores, type SemanticScores } from './embeddings';
import { appendEvents, type NewEvent } from './events';
import { routingJson } from './plan';
import { enqueueJob, JOBS, taskJobKey } from './queue';
import {
  cancelLostRemote,
  redeliverOpenAttempts,
  settleLostAttempts,
  type LostRemote,
} from './recovery';
import { checkRequestProgress, lockRequest, skipDependents, stopRequest } from './settle';

export interface TaskJobPayload {
  taskId: string;
  /** How many times this task has waited for a free agent. */
  waits?: number;
}

/** A claimed round: the attempts started, and what every call of it sends. */
export interface Claim {
  requestId: string;
  task: TaskRow;
  calls: StartedAttempt[];
  input: InvokeRequest['input'];
  timeoutMs: number;
}

/**
 * The claim found that the request must stop (deadline, loop protection, a stop budget). A claim
 * holds its task and the request in share mode; stopping takes the request `FOR UPDATE` and then
 * every open task, so it runs in a transaction of its own, after the claim's (claimTask).
 */
interface StopsRequest {
  stop: RequestStop;
}

/** The claim needs relevance scores first (semantic routing): fetched outside any lock. */
interface NeedsScores {
  needsScores: {
    text: string;
    candidates: LoadedCandidate[];
    requestId: string;
    taskId: string;
    capability: string;
  };
}

/**
 * A concurrent claim of the same request started attempts after this one read the request's
 * counters, and with the fresh counts the engine would stop the request: the claim rolls back and
 * runs again, deciding on the fresh counts.
 */
class ClaimRaced extends Error {}

/** Runs of one claim transaction when concurrent claims keep moving the request's counters. */
const CLAIM_RUNS = 5;

export async function claimTask(
  deps: ExecutionDeps,
  payload: TaskJobPayload,
  workerId: string,
): Promise<Claim | null> {
  let lost: LostRemote[] = [];
  let semantic: SemanticScores | null | undefined;
  const run = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withPgTxRetry(deps.pool, (tx) => {
          lost = [];
          return claimIn(deps, tx, payload, workerId, lost, semantic, attempt === CLAIM_RUNS);
        });
      } catch (error) {
        if (!(error instanceof ClaimRaced) || attempt >= CLAIM_RUNS) throw error;
      }
    }
  };
  let outcome = await run();
  if (outcome && 'stop' in outcome) {
    await stopClaimedRequest(deps, payload.taskId, outcome.stop);
    outcome = null;
  }
  if (outcome && 'needsScores' in outcome) {
    // Embeddings are an HTTP call: never under a row lock. The claim then runs again.
    const { text, candidates, ...owner } = outcome.needsScores;
    semantic = await embeddingScores(
      deps,
      text,
      candidates.map((l) => l.candidate),
    );
    // The call was made whatever the claim decides next: its cost is the request's, once.
    const charge = semantic?.charge;
    if (charge && (charge.costMicros > 0n || charge.tokensIn > 0)) {
      const now = deps.now();
      await withPgTx(deps.pool, async (tx) => {
        await recordRoutingCost(tx, { ...owner, ...charge, now });
        await chargeBudgets(tx, {
          requestId: owner.requestId,
          agentId: charge.agentId,
          amount: charge.costMicros,
          now,
        });
      });
    }
    outcome = await run();
    if (outcome && 'stop' in outcome) {
      await stopClaimedRequest(deps, payload.taskId, outcome.stop);
      outcome = null;
    }
  }
  // Remote work a dead worker left behind: ask those agents to stop (best effort, outside the lock).
  for (const entry of lost) void cancelLostRemote(deps, entry);
  return outcome && 'needsScores' in outcome ? null : outcome;
}

/** Stops the task's request, if it is still running, for the reason a claim found. */
async function stopClaimedRequest(
  deps: ExecutionDeps,
  taskId: string,
  stop: RequestStop,
): Promise<void> {
  await withPgTxRetry(deps.pool, async (tx) => {
    const requestId = await requestOfTask(tx, taskId);
    if (!requestId) return;
    const request = await lockRequest(tx, requestId);
    if (request?.status !== 'running') return;
    await stopRequest(tx, requestId, 'failed', stop.reason, deps.now(), stop.events);
  });
}

async function claimIn(
  deps: ExecutionDeps,
  tx: SqlTx,
  payload: TaskJobPayload,
  workerId: string,
  lost: LostRemote[],
  semantic: SemanticScores | null | undefined,
  lastRun: boolean,
): Promise<Claim | NeedsScores | StopsRequest | null> {
  const now = deps.now();
  const locked = await lockClaim(tx, payload.taskId);
  if (!locked) return null;
  const { request, ctx } = locked;
  const { task } = ctx;
  const text = taskInputText(task.input, task.description);
  const input: InvokeRequest['input'] =
    ctx.context.length > 0 ? { text, context: ctx.context } : { text };

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
      await writeTaskStatus(tx, task, 'cancelled', now, { error: `Request ${request.status}` });
      return null;
    }
    task.status = 'retrying';
  }
  if (request.status !== 'running' || !['ready', 'retrying'].includes(task.status)) return null;

  const fail = async (message: string) => {
    await writeTaskStatus(tx, task, 'failed', now, { error: message });
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
  if (verdict.kind === 'stop_request') return { stop: { reason: verdict.reason } };
  if (verdict.kind === 'fail_task') return fail(verdict.message);

  const loaded = await loadCandidates(tx, task.capability, task.options?.tag ?? null);
  if (request.strategy === 'semantic' && semantic === undefined) {
    const text = `${task.capability} ${typeof task.input === 'string' ? task.input : task.description}`;
    return {
      needsScores: {
        text,
        candidates: loaded,
        requestId: request.id,
        taskId: task.id,
        capability: task.capability,
      },
    };
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
  const wanted = agentsWanted(task.mode, task.options?.agents, ordered.length);

  // Choose agents in ranked order, on the values the candidate query read, until enough have a
  // free slot; the slots are taken as the claim's last statements (takeSlots, lock order).
  const chosen: LoadedCandidate[] = [];
  let busy = false;
  for (const agentId of ordered) {
    if (chosen.length >= wanted) break;
    const candidate = pool.find((l) => l.candidate.id === agentId)!;
    const refusal = slotOpen(candidate, now);
    if (refusal === null) chosen.push(candidate);
    else if (refusal === 'capacity' || refusal === 'circuit') busy = true;
  }
  const identical =
    chosen.length > 0
      ? await identicalCallsExcept(
          tx,
          { requestId: request.id, inputHash },
          chosen.map((l) => l.candidate.id),
          [],
        )
      : new Map<string, number>();
  const booked = chosen.map((loaded) => ({
    loaded,
    identicalCalls: identical.get(loaded.candidate.id) ?? 0,
  }));
  const transient = decision.excluded.some(
    (e) => e.reason === 'at_capacity' || e.reason === 'circuit_open',
  );
  const routing = routingJson(decision, {
    ...(fellBack.size > 0 && { skippedAfterFailure: [...fellBack] }),
    ...(request.strategy === 'semantic' && { relevance: semantic?.source ?? 'BM25' }),
  });

  const booking = afterBooking({
    mode: task.mode,
    booked: booked.length,
    wanted,
    busy,
    transient,
    waits: payload.waits ?? 0,
    maxWaits: deps.maxCapacityWaits,
  });
  if (booking !== 'proceed') {
    // Wait when agents are merely busy, fail otherwise (no slot was taken yet).
    if (booking === 'wait') {
      await waitForCapacity(deps, tx, task, payload, routing, now);
      return null;
    }
    await saveRouting(tx, task.id, routing);
    const last = ctx.failed.at(-1);
    return fail(
      noAgentMessage({
        capability: task.capability,
        excluded: decision.excluded,
        poolSize: pool.length,
        fellBack: fellBack.size,
        ...(last && {
          lastFailure: {
            errorKind: last.errorKind ?? null,
            error: last.error ?? null,
            agentName: last.agentName ?? null,
          },
        }),
      }),
    );
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
  if (looping) return { stop: { reason: looping } };

  assertTaskTransition(task.status, 'running', task.ref);
  const { calls, requestAttempts } = await startAttempts(tx, {
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
  // The request's row is now locked: if another claim of this request started attempts since the
  // counters were read, decide again on the fresh counts (exact caps under concurrency).
  const before = requestAttempts - calls.length;
  const moved = before !== request.attempt_count && !lastRun;
  await budgets.reserve(tx, calls);
  // Last (lock order): an agent whose row moved since it was read and now refuses the call rolls
  // the claim back, and the claim runs again on fresh values. The identical calls are read again
  // in the same statement (one round trip fewer while the request's row is held).
  const { refused, identical: fresh } = await takeSlots(
    tx,
    booked.map((b) => b.loaded),
    now,
    moved
      ? {
          requestId: request.id,
          inputHash,
          agentIds: booked.map((b) => b.loaded.candidate.id),
          except: calls.map((c) => c.attemptId),
        }
      : undefined,
  );
  if (refused.length > 0) throw new ClaimRaced();
  if (moved) {
    if (planned === 0 && before + booked.length > deps.loopGuard.maxAttempts) {
      planned = await plannedAttempts(tx, request.id);
    }
    const verdictNow = decideClaim({
      now: now.getTime(),
      deadlineAt: null,
      taskAttempts: task.attempt_count,
      taskMaxAttempts: task.max_attempts,
      requestAttempts: before,
      plannedAttempts: planned,
      loopGuard: deps.loopGuard,
    });
    const loopingNow = loopStop(
      booked.map((b) => ({
        agentId: b.loaded.candidate.id,
        agentName: b.loaded.candidate.name,
        input: { capability: task.capability, input },
        identicalCalls: fresh.get(b.loaded.candidate.id) ?? 0,
      })),
      { requestAttempts: before, plannedAttempts: planned, loopGuard: deps.loopGuard },
    );
    if (verdictNow.kind !== 'proceed' || loopingNow) throw new ClaimRaced();
  }
  return {
    requestId: request.id,
    task,
    calls,
    input,
    timeoutMs: attemptTimeoutMs(task.timeout_ms, request.deadline_at?.getTime() ?? null, +now),
  };
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
