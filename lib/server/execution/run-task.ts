/**
 * The task job (architecture.md §3.4): one job runs one round of one task — a single attempt, or
 * one call per agent for fan-out and consensus. In three steps:
 *
 * 1. Claim (one transaction under the request's lock): settle an attempt a dead worker left open,
 *    check deadline and loop protection, route (strategy + explanation), take agent slots, write
 *    the attempt rows. When every capable agent is busy, the job waits and tries again.
 * 2. Call the adapter with the task's timeout and an abort signal; a watcher aborts the call when
 *    the task or request is cancelled (then A2A adapters send CancelTask).
 * 3. Record (one transaction): the attempt, its cost, the agent's slot and metrics, and the task's
 *    next state — succeeded (dependents become ready), retrying after a backoff, fallback to the next
 *    agent, or failed (dependents are skipped). An attempt is recorded once: a second recording finds
 *    it already settled and changes nothing.
 */
import type {
  AgentTarget,
  InvokeRequest,
  InvokeResult,
  RemoteCancelOutcome,
} from '@/lib/agents/types';
import { type Prisma } from '@/lib/db/generated/prisma/client';
import { acquireAgentSlotIn, releaseAgentSlotIn } from '@/lib/db/repositories/agent-calls';
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
  tallyVotes,
  type ExecutionMode,
  type RoutingDecision,
  type TaskStatus,
} from '@/lib/engine';
import { logger } from '@/lib/logger';
import { CANCEL_CHANNEL, type NotificationHub } from '../notifications';
import { toAgentTarget } from '../agent-target';
import { loadCandidates, takeRoundRobinPosition, type LoadedCandidate } from './candidates';
import { inTx, type ExecutionDeps } from './deps';
import { embeddingScores } from './embeddings';
import { appendEvents, type NewEvent } from './events';
import { routingJson } from './plan';
import { enqueueJob, JOBS, taskJobKey } from './queue';
import {
  checkRequestProgress,
  lockRequest,
  promoteDependentsOf,
  skipDependents,
  stopRequest,
} from './settle';

export interface TaskJobPayload {
  taskId: string;
  /** How many times this task has waited for a free agent. */
  waits?: number;
}

interface TaskRow {
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

interface PlannedCall {
  attemptId: string;
  number: number;
  idempotencyKey: string;
  loaded: LoadedCandidate;
}

interface Claim {
  requestId: string;
  task: TaskRow;
  calls: PlannedCall[];
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
  const claim = await claim_(deps, payload, context.workerId);
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
    await record(deps, claim, results, abortReason);
  } finally {
    clearInterval(watcher);
    unsubscribe?.();
    context.shutdown.removeEventListener('abort', onShutdown);
  }
}

async function isCancelled(deps: ExecutionDeps, taskId: string): Promise<boolean> {
  const [row] = await deps.db.$queryRaw<{ task: TaskStatus; request: string }[]>`
    SELECT t.status AS task, r.status AS request FROM tasks t JOIN requests r ON r.id = t.request_id
    WHERE t.id = ${taskId}::uuid`;
  return (
    !row || row.task === 'cancelled' || row.request === 'cancelled' || row.request === 'failed'
  );
}

async function invokeSafely(
  deps: ExecutionDeps,
  call: PlannedCall,
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
      onRemoteTask: (remoteTaskId) => {
        void deps.db.taskAttempt
          .update({
            where: { id: call.attemptId },
            data: { remoteTaskId: remoteTaskId.slice(0, 200) },
          })
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

async function claim_(
  deps: ExecutionDeps,
  payload: TaskJobPayload,
  workerId: string,
): Promise<Claim | null> {
  const { db } = deps;
  const head = await db.task.findUnique({
    where: { id: payload.taskId },
    select: {
      requestId: true,
      capability: true,
      description: true,
      input: true,
      options: true,
      status: true,
      request: { select: { strategy: true } },
    },
  });
  if (!head) return null;
  // Embeddings for semantic routing are fetched before the transaction: no HTTP under a row lock.
  const semantic =
    head.request.strategy === 'semantic' && ['ready', 'retrying'].includes(head.status)
      ? await embeddingScores(
          deps,
          `${head.capability} ${typeof head.input === 'string' ? head.input : head.description}`,
          (
            await loadCandidates(
              db,
              head.capability,
              (head.options as { tag?: string } | null)?.tag ?? null,
            )
          ).map((l) => l.candidate),
        )
      : null;
  const lost: LostRemote[] = [];
  const claim = await inTx(db, async (tx) => {
    const now = deps.now();
    const request = await lockRequest(tx, head.requestId);
    if (!request) return null;
    const [task] = await tx.$queryRaw<TaskRow[]>`
        SELECT id, request_id, ref, description, capability, input, mode, options, status,
               max_attempts, timeout_ms, attempt_count
        FROM tasks WHERE id = ${payload.taskId}::uuid FOR UPDATE`;
    if (!task) return null;

    // A job that finds its own task running was re-delivered: the worker that ran it stopped.
    // The same attempts go out again, same agent, same idempotency key (the webhook contract's
    // promise), so an agent can hand back the work it already did instead of doing it twice.
    if (task.status === 'running' && request.status === 'running') {
      const again = await redeliverOpenAttempts(deps, tx, task, request, workerId, now);
      if (again) return again;
    }
    if (task.status === 'running' || task.status === 'cancelled') {
      lost.push(
        ...(await settleLostAttempts(
          tx,
          task,
          request.id,
          now,
          task.status === 'cancelled' || request.status !== 'running',
        )),
      );
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
    const sumOfMaxAttempts = async () =>
      Number(
        (
          await tx.$queryRaw<{ total: bigint | null }[]>`
            SELECT sum(max_attempts) AS total FROM tasks WHERE request_id = ${request.id}::uuid`
        )[0]?.total ?? 0,
      );
    let plannedAttempts =
      request.attempt_count >= deps.loopGuard.maxAttempts ? await sumOfMaxAttempts() : 0;
    const verdict = decideClaim({
      now: now.getTime(),
      deadlineAt: request.deadline_at?.getTime() ?? null,
      taskAttempts: task.attempt_count,
      taskMaxAttempts: task.max_attempts,
      requestAttempts: request.attempt_count,
      plannedAttempts,
      loopGuard: deps.loopGuard,
    });
    if (verdict.kind === 'stop_request') {
      await stopRequest(tx, request.id, 'failed', verdict.reason, now);
      return null;
    }
    if (verdict.kind === 'fail_task') return fail(verdict.message);

    const input = await taskInput(tx, task);
    const inputHash = stableHash({ capability: task.capability, input });
    const text = input.text;
    const loaded = await loadCandidates(tx, task.capability, task.options?.tag ?? null);
    // Agents that failed this task in a way another agent might not (auth, invalid answers).
    const triedRows = await tx.taskAttempt.findMany({
      where: { taskId: task.id, status: 'failed' },
      select: { agentId: true, errorKind: true, error: true, agent: { select: { name: true } } },
      orderBy: { number: 'asc' },
    });
    const fellBack = new Set(
      triedRows
        .filter((a) => a.errorKind && RETRY_CLASS[a.errorKind] === 'fallback' && a.agentId)
        .map((a) => a.agentId!),
    );
    const pool = loaded.filter((l) => !fellBack.has(l.candidate.id));
    const position =
      request.strategy === 'round_robin' ? await takeRoundRobinPosition(tx, task.capability) : 0n;
    const spent = request.cost_total_micros;
    const decision = route(
      { capability: task.capability, input: text },
      pool.map((l) => l.candidate),
      request.strategy,
      {
        random: deps.random,
        now: now.getTime(),
        roundRobinPosition: position,
        budgetRemaining:
          request.budget_limit_micros === null ? null : request.budget_limit_micros - spent,
        ...(semantic && {
          semanticScores: pool.map((l) => semantic.byAgent.get(l.candidate.id) ?? 0),
        }),
      },
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
    const booked: LoadedCandidate[] = [];
    let busy = false;
    for (const agentId of ordered) {
      if (booked.length >= wanted) break;
      const slot = await acquireAgentSlotIn(tx, agentId, now);
      if (slot.ok) booked.push(pool.find((l) => l.candidate.id === agentId)!);
      else if (slot.reason === 'capacity' || slot.reason === 'circuit') busy = true;
    }
    const transient = decision.excluded.some(
      (e) => e.reason === 'at_capacity' || e.reason === 'circuit_open',
    );
    const overBudget = decision.excluded.filter((e) => e.reason === 'over_budget');
    const routing = routingJson(decision, {
      ...(fellBack.size > 0 && { skippedAfterFailure: [...fellBack] }),
      ...(request.strategy === 'semantic' && { relevance: semantic?.source ?? 'BM25' }),
    });

    if (
      booked.length === 0 ||
      (task.mode === 'consensus' && booked.length < Math.min(wanted, 2) && (busy || transient))
    ) {
      // Give back any partial booking; wait when agents are merely busy, fail otherwise.
      for (const b of booked)
        await releaseAgentSlotIn(
          tx,
          b.candidate.id,
          { ok: false, latencyMs: 0, errorKind: 'cancelled' },
          now,
        );
      if ((busy || transient) && (payload.waits ?? 0) < deps.maxCapacityWaits) {
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
              requestId: request.id,
              taskId: task.id,
              type: 'task.waiting',
              payload: { ref: task.ref, routing },
            },
          ]);
        }
        return null;
      }
      await tx.task.update({
        where: { id: task.id },
        data: { routing: routing as Prisma.InputJsonValue },
      });
      const reasons = decision.excluded.map((e) => `${e.name} (${e.detail})`).join(', ');
      if (
        overBudget.length > 0 &&
        overBudget.length === decision.excluded.length &&
        pool.length > 0
      ) {
        return fail(
          `over budget: every agent for '${task.capability}' would exceed the request's budget (${reasons})`,
        );
      }
      const lastFailure = triedRows.at(-1);
      return fail(
        pool.length === 0 && lastFailure?.errorKind && fellBack.size > 0
          ? // Say what went wrong, not only that nobody is left: the operator fixes the agent.
            `${lastFailure.errorKind}: ${lastFailure.error ?? 'the agent failed'}` +
              ` (agent ${lastFailure.agent?.name ?? 'unknown'}; no other agent offers '${task.capability}')`
          : pool.length === 0
            ? `no agent offers '${task.capability}'`
            : `no agent can run '${task.capability}' now: ${reasons || 'all are busy'}`,
      );
    }

    // Loop protection: the same agent asked the same thing too often within this request.
    if (
      plannedAttempts === 0 &&
      request.attempt_count + booked.length > deps.loopGuard.maxAttempts
    ) {
      plannedAttempts = await sumOfMaxAttempts();
    }
    const identical = await tx.$queryRaw<{ agent_id: string; n: number }[]>`
        SELECT a.agent_id, count(*)::int AS n FROM task_attempts a JOIN tasks t ON t.id = a.task_id
        WHERE t.request_id = ${request.id}::uuid AND a.input_hash = ${inputHash}
          AND a.agent_id = ANY(${booked.map((b) => b.candidate.id)}::uuid[])
        GROUP BY a.agent_id`;
    const looping = loopStop(
      booked.map((b) => ({
        agentId: b.candidate.id,
        agentName: b.candidate.name,
        input: { capability: task.capability, input },
        identicalCalls: identical.find((row) => row.agent_id === b.candidate.id)?.n ?? 0,
      })),
      { requestAttempts: request.attempt_count, plannedAttempts, loopGuard: deps.loopGuard },
    );
    if (looping) {
      for (const r of booked)
        await releaseAgentSlotIn(
          tx,
          r.candidate.id,
          { ok: false, latencyMs: 0, errorKind: 'cancelled' },
          now,
        );
      await stopRequest(tx, request.id, 'failed', looping, now);
      return null;
    }

    const [maxRow] = await tx.$queryRaw<{ max: number | null }[]>`
        SELECT max(number) AS max FROM task_attempts WHERE task_id = ${task.id}::uuid`;
    let number = maxRow?.max ?? 0;
    const calls: PlannedCall[] = [];
    for (const b of booked) {
      number += 1;
      const idempotencyKey = `${task.id}:${number}`;
      const attempt = await tx.taskAttempt.create({
        data: {
          taskId: task.id,
          agentId: b.candidate.id,
          number,
          idempotencyKey,
          inputHash,
          workerId,
          startedAt: now,
        },
        select: { id: true },
      });
      calls.push({ attemptId: attempt.id, number, idempotencyKey, loaded: b });
    }
    const chosen = booked[0]!;
    const estimate = booked.reduce(
      (sum, b) => sum + estimateCallCost(b.candidate, estimateTokens(text)),
      0n,
    );
    await tx.task.update({
      where: { id: task.id },
      data: {
        status: 'running',
        assignedAgentId: chosen.candidate.id,
        routing: routing as Prisma.InputJsonValue,
        attemptCount: { increment: 1 },
        estimatedCost: estimate,
        startedAt: task.attempt_count === 0 ? now : undefined,
      },
    });
    await tx.request.update({
      where: { id: request.id },
      data: { attemptCount: { increment: calls.length } },
    });
    await appendEvents(tx, [
      {
        requestId: request.id,
        taskId: task.id,
        type: 'task.routed',
        payload: {
          ref: task.ref,
          strategy: decision.strategy,
          agents: booked.map((b) => b.candidate.name),
        },
      },
      ...calls.map((call): NewEvent => ({
        requestId: request.id,
        taskId: task.id,
        type: 'attempt.started',
        payload: { ref: task.ref, attempt: call.number, agent: call.loaded.candidate.name },
      })),
    ]);
    return {
      requestId: request.id,
      task,
      calls,
      input,
      timeoutMs: attemptTimeoutMs(
        task.timeout_ms,
        request.deadline_at?.getTime() ?? null,
        now.getTime(),
      ),
    } satisfies Claim;
  });
  // Remote work a dead worker left behind: ask those agents to stop (best effort, outside the lock).
  for (const entry of lost) void cancelLostRemote(deps, entry);
  return claim;
}

/** The text and context an agent receives: the task's input and its dependencies' outputs. */
async function taskInput(
  tx: Prisma.TransactionClient,
  task: TaskRow,
): Promise<InvokeRequest['input']> {
  const deps = await tx.$queryRaw<{ ref: string; capability: string; output: unknown }[]>`
    SELECT d.ref, d.capability, d.output FROM task_dependencies td JOIN tasks d ON d.id = td.depends_on_id
    WHERE td.task_id = ${task.id}::uuid AND d.status = 'succeeded' ORDER BY d.id`;
  const text =
    typeof task.input === 'string'
      ? task.input
      : task.input === null || task.input === undefined
        ? task.description
        : JSON.stringify(task.input);
  return deps.length > 0 ? { text, context: deps } : { text };
}

/**
 * Sends a stopped worker's open attempts of this task again: the attempt rows stay (same number,
 * same idempotency key, same agent, whose slot the attempt still holds), re-assigned to this
 * worker. Null when there is nothing to send again — no open attempt, an attempt already sent
 * `maxRedeliveries` times, or an agent that no longer offers the capability — and the caller then
 * settles the attempts as lost.
 */
async function redeliverOpenAttempts(
  deps: ExecutionDeps,
  tx: Prisma.TransactionClient,
  task: TaskRow,
  request: { id: string; deadline_at: Date | null },
  workerId: string,
  now: Date,
): Promise<Claim | null> {
  const open = await tx.taskAttempt.findMany({
    where: { taskId: task.id, status: 'running' },
    select: {
      id: true,
      number: true,
      agentId: true,
      idempotencyKey: true,
      workerId: true,
      redeliveries: true,
    },
    orderBy: { number: 'asc' },
  });
  if (open.length === 0 || open.some((a) => a.redeliveries >= deps.maxRedeliveries)) return null;
  const loaded = await loadCandidates(tx, task.capability, task.options?.tag ?? null);
  const calls: PlannedCall[] = [];
  for (const attempt of open) {
    const agent = loaded.find((l) => l.candidate.id === attempt.agentId);
    if (!agent) return null;
    calls.push({
      attemptId: attempt.id,
      number: attempt.number,
      idempotencyKey: attempt.idempotencyKey,
      loaded: agent,
    });
  }
  await tx.taskAttempt.updateMany({
    where: { id: { in: open.map((a) => a.id) } },
    data: { workerId, redeliveries: { increment: 1 } },
  });
  await tx.request.update({
    where: { id: request.id },
    data: { attemptCount: { increment: calls.length } },
  });
  await appendEvents(
    tx,
    open.map((attempt, index): NewEvent => ({
      requestId: request.id,
      taskId: task.id,
      type: 'attempt.started',
      payload: {
        ref: task.ref,
        attempt: attempt.number,
        agent: calls[index]!.loaded.candidate.name,
        redelivery: attempt.redeliveries + 1,
        reason: `the worker running it stopped (${attempt.workerId ?? 'unknown worker'})`,
      },
    })),
  );
  return {
    requestId: request.id,
    task,
    calls,
    input: await taskInput(tx, task),
    timeoutMs: attemptTimeoutMs(
      task.timeout_ms,
      request.deadline_at?.getTime() ?? null,
      now.getTime(),
    ),
  };
}

/** Attempts still `running` for a task whose job came back: their worker is gone. */
async function settleLostAttempts(
  tx: Prisma.TransactionClient,
  task: TaskRow,
  requestId: string,
  now: Date,
  cancelled: boolean,
): Promise<LostRemote[]> {
  const open = await tx.taskAttempt.findMany({
    where: { taskId: task.id, status: 'running' },
    select: {
      id: true,
      number: true,
      agentId: true,
      remoteTaskId: true,
      workerId: true,
      redeliveries: true,
      agent: {
        select: {
          id: true,
          name: true,
          kind: true,
          endpointUrl: true,
          config: true,
          secretCiphertext: true,
        },
      },
    },
  });
  const lost: LostRemote[] = [];
  for (const attempt of open) {
    const error = `The worker running this attempt stopped (${attempt.workerId ?? 'unknown worker'})${
      attempt.redeliveries > 0 ? `, ${attempt.redeliveries + 1} times` : ''
    }.`;
    const errorKind = cancelled ? 'cancelled' : 'network';
    await tx.taskAttempt.update({
      where: { id: attempt.id },
      data: { status: cancelled ? 'cancelled' : 'failed', errorKind, error, finishedAt: now },
    });
    // The slot was taken by the dead worker: give it back without blaming the agent.
    if (attempt.agentId) {
      await releaseAgentSlotIn(
        tx,
        attempt.agentId,
        { ok: false, latencyMs: 0, errorKind: 'cancelled' },
        now,
      );
    }
    if (attempt.remoteTaskId && attempt.agent)
      lost.push({
        agent: attempt.agent,
        remoteTaskId: attempt.remoteTaskId,
        attemptId: attempt.id,
        attempt: attempt.number,
        requestId,
        taskId: task.id,
        ref: task.ref,
      });
    await appendEvents(tx, [
      {
        requestId,
        taskId: task.id,
        type: cancelled ? 'attempt.cancelled' : 'attempt.failed',
        payload: { ref: task.ref, attempt: attempt.number, errorKind, error },
      },
    ]);
  }
  return lost;
}

interface LostRemote {
  agent: LoadedCandidate['row'];
  remoteTaskId: string;
  attemptId: string;
  attempt: number;
  requestId: string;
  taskId: string;
  ref: string;
}

/** CancelTask for remote work a dead worker left running, with the outcome recorded. */
async function cancelLostRemote(deps: ExecutionDeps, entry: LostRemote): Promise<void> {
  const outcome = await cancelRemote(deps, entry.agent, entry.remoteTaskId);
  if (!outcome) return;
  await inTx(deps.db, async (tx) => {
    await tx.taskAttempt.update({
      where: { id: entry.attemptId },
      data: { remoteCancel: outcome as unknown as Prisma.InputJsonValue },
    });
    await appendEvents(tx, [
      {
        requestId: entry.requestId,
        taskId: entry.taskId,
        type: 'attempt.remote_cancel',
        payload: { ref: entry.ref, attempt: entry.attempt, agent: entry.agent.name, ...outcome },
      },
    ]);
  }).catch((error: unknown) => logger.warn({ err: error }, 'recording a remote cancel failed'));
}

async function cancelRemote(
  deps: ExecutionDeps,
  row: LoadedCandidate['row'],
  remoteTaskId: string,
): Promise<RemoteCancelOutcome | null> {
  try {
    const target = toAgentTarget(row);
    const adapter = deps.adapters(target.kind);
    if (!adapter.cancel) return null;
    return await adapter.cancel(target as AgentTarget, {
      remoteTaskId,
      timeoutMs: deps.remoteCancelTimeoutMs,
    });
  } catch (error) {
    logger.warn({ err: error, remoteTaskId }, 'remote cancel failed');
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Record

async function setTask(
  tx: Prisma.TransactionClient,
  task: Pick<TaskRow, 'id' | 'request_id' | 'ref' | 'status'>,
  status: TaskStatus,
  now: Date,
  data: { error?: string | null; output?: unknown } = {},
  payload: Record<string, unknown> = {},
): Promise<void> {
  // The engine's table is the rule: an illegal move here is a bug, and rolls the transaction back.
  assertTaskTransition(task.status, status, task.ref);
  const terminal = ['succeeded', 'failed', 'cancelled', 'skipped'].includes(status);
  await tx.task.update({
    where: { id: task.id },
    data: {
      status,
      ...(data.error !== undefined && { error: data.error }),
      ...(data.output !== undefined && { output: data.output as Prisma.InputJsonValue }),
      ...(terminal && { finishedAt: now }),
    },
  });
  await appendEvents(tx, [
    {
      requestId: task.request_id,
      taskId: task.id,
      type: `task.${status}` as NewEvent['type'],
      payload: { ref: task.ref, ...(data.error ? { error: data.error } : {}), ...payload },
    },
  ]);
}

async function record(
  deps: ExecutionDeps,
  claim: Claim,
  results: InvokeResult[],
  abortReason: AbortReason | null,
): Promise<void> {
  const { task } = claim;
  if (abortReason === 'shutdown') return handOver(deps, claim);
  await inTx(deps.db, async (tx) => {
    const now = deps.now();
    const request = await lockRequest(tx, claim.requestId);
    if (!request) return;
    const [current] = await tx.$queryRaw<{ status: TaskStatus }[]>`
        SELECT status FROM tasks WHERE id = ${task.id}::uuid FOR UPDATE`;
    if (!current) return;

    let settledAny = false;
    let costTotal = 0n;
    const events: NewEvent[] = [];
    for (const [index, call] of claim.calls.entries()) {
      const result = results[index]!;
      const attempt = await tx.taskAttempt.findUnique({
        where: { id: call.attemptId },
        select: { status: true },
      });
      // Exactly once: an attempt already settled (by a re-delivered job) is not recorded again.
      if (!attempt || attempt.status !== 'running') continue;
      settledAny = true;
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
      const status = result.ok
        ? 'succeeded'
        : result.errorKind === 'cancelled'
          ? 'cancelled'
          : 'failed';
      const remoteTaskId = result.remoteTaskId;
      await tx.taskAttempt.update({
        where: { id: call.attemptId },
        data: {
          status,
          finishedAt: now,
          latencyMs: Math.round(result.latencyMs),
          tokensIn: result.ok ? (result.usage?.tokensIn ?? 0) : 0,
          tokensOut: result.ok ? (result.usage?.tokensOut ?? 0) : 0,
          cost,
          ...(result.ok
            ? { output: (result.output ?? null) as Prisma.InputJsonValue }
            : { errorKind: result.errorKind, error: result.error.slice(0, 2000) }),
          ...(remoteTaskId && { remoteTaskId: remoteTaskId.slice(0, 200) }),
          ...(!result.ok &&
            result.remoteCancel && {
              remoteCancel: result.remoteCancel as unknown as Prisma.InputJsonValue,
            }),
        },
      });
      if (cost > 0n || (result.ok && result.usage)) {
        await tx.costEntry.create({
          data: {
            requestId: claim.requestId,
            taskId: task.id,
            agentId: candidate.id,
            kind: 'agent',
            tokensIn: result.ok ? (result.usage?.tokensIn ?? 0) : 0,
            tokensOut: result.ok ? (result.usage?.tokensOut ?? 0) : 0,
            amount: cost,
            isReported: result.ok && result.reportedCostMicros !== undefined,
          },
        });
        costTotal += cost;
      }
      await releaseAgentSlotIn(
        tx,
        candidate.id,
        {
          ok: result.ok,
          latencyMs: result.latencyMs,
          // Aborted by us (cancel, shutdown) says nothing about the agent.
          errorKind: result.ok ? null : abortReason ? 'cancelled' : result.errorKind,
        },
        now,
      );
      events.push({
        requestId: claim.requestId,
        taskId: task.id,
        type: result.ok
          ? 'attempt.succeeded'
          : status === 'cancelled'
            ? 'attempt.cancelled'
            : 'attempt.failed',
        payload: {
          ref: task.ref,
          attempt: call.number,
          agent: candidate.name,
          latencyMs: Math.round(result.latencyMs),
          ...(result.ok
            ? { cost: cost.toString() }
            : { errorKind: result.errorKind, error: result.error }),
        },
      });
      if (!result.ok && result.remoteCancel) {
        events.push({
          requestId: claim.requestId,
          taskId: task.id,
          type: 'attempt.remote_cancel',
          payload: {
            ref: task.ref,
            attempt: call.number,
            agent: candidate.name,
            ...result.remoteCancel,
          },
        });
      }
    }
    if (costTotal > 0n) {
      await tx.request.update({
        where: { id: claim.requestId },
        data: { costTotal: { increment: costTotal } },
      });
    }
    await appendEvents(tx, events);
    if (!settledAny || current.status !== 'running') {
      // The task was cancelled (or settled elsewhere) while the call ran: nothing more to decide.
      return;
    }

    await decide(deps, tx, claim, results, request.status, now);
  });
}

/**
 * This worker is stopping and aborted its calls: nothing is recorded, the attempts stay open (the
 * agent may have done the work), and a new job hands them to another worker right away, which
 * sends them again with the same idempotency keys. Should this fail, the handler throws and the
 * queue retries the job, which ends the same way.
 */
async function handOver(deps: ExecutionDeps, claim: Claim): Promise<void> {
  await inTx(deps.db, async (tx) => {
    await lockRequest(tx, claim.requestId);
    const [current] = await tx.$queryRaw<{ status: TaskStatus }[]>`
        SELECT status FROM tasks WHERE id = ${claim.task.id}::uuid FOR UPDATE`;
    // Running or not (cancelled meanwhile), the next job settles what this one leaves open.
    if (!current) return;
    await enqueueJob(
      tx,
      JOBS.task,
      { taskId: claim.task.id },
      { jobKey: taskJobKey(claim.task.id) },
    );
  });
}

async function decide(
  deps: ExecutionDeps,
  tx: Prisma.TransactionClient,
  claim: Claim,
  results: InvokeResult[],
  requestStatus: string,
  now: Date,
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
        await setTask(tx, task, 'succeeded', now, { output: outcome.output, error: null });
        await promoteDependentsOf(tx, claim.requestId, task.id);
        await checkRequestProgress(tx, claim.requestId, now);
        return;
      }
      await setTask(tx, task, 'failed', now, { error: outcome.error, output: outcome.output });
      return finish('failed');
    }
    case 'cancel':
      await setTask(tx, task, 'cancelled', now, { error: verdict.error });
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
      );
      await enqueueJob(
        tx,
        JOBS.task,
        { taskId: task.id },
        { jobKey: taskJobKey(task.id), runAt: new Date(now.getTime() + verdict.delayMs) },
      );
      return;
    case 'fail':
      await setTask(tx, task, 'failed', now, { error: verdict.error });
      return finish('failed');
  }
}

type Combined = { ok: true; output: unknown } | { ok: false; error: string; output?: unknown };

/** The task's output from its calls: one result, every fan-out result, or the consensus. */
async function combine(
  deps: ExecutionDeps,
  claim: Claim,
  succeeded: { result: Extract<InvokeResult, { ok: true }>; call: PlannedCall }[],
  failed: { result: Extract<InvokeResult, { ok: false }>; call: PlannedCall }[],
): Promise<Combined> {
  const mode = claim.task.mode;
  if (mode === 'single') return { ok: true, output: succeeded[0]!.result.output };
  const answers = succeeded.map(({ result, call }) => ({
    agent: call.loaded.candidate.name,
    output: result.output,
    text: result.text,
  }));
  const errors = failed.map(({ result, call }) => ({
    agent: call.loaded.candidate.name,
    errorKind: result.errorKind,
    error: result.error,
  }));
  if (mode === 'fan_out') return { ok: true, output: { mode, results: answers, errors } };

  const tally = tallyVotes(
    succeeded.map(({ result, call }) => ({
      agentId: call.loaded.candidate.id,
      agentName: call.loaded.candidate.name,
      answer: result.text,
    })),
  );
  const votes = answers.map((a) => ({ agent: a.agent, answer: a.text }));
  const judge = claim.task.options?.judge;
  if (judge) {
    const verdict = await askJudge(deps, claim, judge, votes);
    if (verdict.ok) {
      return {
        ok: true,
        output: {
          mode,
          answer: verdict.answer,
          decidedBy: `judge ${verdict.agent}`,
          votes,
          counts: tally.counts,
          errors,
        },
      };
    }
    return {
      ok: false,
      error: `the judge could not decide: ${verdict.error}`,
      output: { mode, votes, counts: tally.counts, errors },
    };
  }
  if (tally.winner === null) {
    return {
      ok: false,
      error: `no majority among ${tally.total} answers (needed ${tally.needed})`,
      output: { mode, votes, counts: tally.counts, errors },
    };
  }
  return {
    ok: true,
    output: {
      mode,
      answer: tally.winner,
      decidedBy: 'majority',
      agreement: `${tally.counts[0]!.votes}/${tally.total}`,
      votes,
      counts: tally.counts,
      errors,
    },
  };
}

async function askJudge(
  deps: ExecutionDeps,
  claim: Claim,
  capability: string,
  votes: { agent: string; answer: string }[],
): Promise<{ ok: true; answer: string; agent: string } | { ok: false; error: string }> {
  const loaded = await inTx(deps.db, (tx) => loadCandidates(tx, capability));
  const decision: RoutingDecision = route(
    { capability, input: claim.input.text },
    loaded.map((l) => l.candidate),
    'capability',
    { random: deps.random, now: deps.now().getTime() },
  );
  const chosen = loaded.find((l) => l.candidate.id === decision.chosen?.id);
  if (!chosen) return { ok: false, error: `no agent offers the judge capability '${capability}'` };
  const target = toAgentTarget(chosen.row);
  const result = await deps.adapters(target.kind).invoke(target, {
    taskId: claim.task.id,
    attempt: 0,
    idempotencyKey: `${claim.task.id}:judge:${claim.calls[0]!.number}`,
    capability,
    input: {
      text: `Pick the best answer to: ${claim.input.text}\nAnswer with the chosen answer only.`,
      context: votes,
    },
    signal: new AbortController().signal,
    timeoutMs: claim.timeoutMs,
  });
  if (!result.ok) return { ok: false, error: `${result.errorKind}: ${result.error}` };
  return { ok: true, answer: result.text, agent: chosen.candidate.name };
}
