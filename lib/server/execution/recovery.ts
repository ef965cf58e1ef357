/**
 * What a task job does about attempts another worker left open (ADR 0016 of issue 16, crash
 * recovery): send them again with the same idempotency key, or settle them as lost and ask remote
 * agents to stop; and what a stopping worker does with its own (hand them over). Rare paths: a few
 * statements each, in the claim's transaction under the request's lock.
 */
import type { AgentTarget, RemoteCancelOutcome } from '@/lib/agents/types';
import { releaseAgentSlotIn } from '@/lib/db/repositories/agent-calls';
import { withPgTx, type SqlTx } from '@/lib/db/sql';
import { attemptTimeoutMs } from '@/lib/engine';
import { logger } from '@/lib/logger';
import { toAgentTarget } from '../agent-target';
import { releaseReservations } from '../budget/reservations';
import {
  countRequestAttempts,
  jsonOrNull,
  lockTaskStatus,
  type ClaimContext,
  type RequestRow,
  type StartedAttempt,
} from './attempt-sql';
import { loadCandidates, type LoadedCandidate } from './candidates';
import type { ExecutionDeps } from './deps';
import { appendEvents, type NewEvent } from './events';
import { enqueueJob, JOBS, taskJobKey } from './queue';
import { lockRequest } from './settle';

interface OpenAttempt {
  id: string;
  number: number;
  agent_id: string | null;
  idempotency_key: string;
  worker_id: string | null;
  redeliveries: number;
  remote_task_id: string | null;
  agent: LoadedCandidate['row'] | null;
}

async function openAttempts(tx: SqlTx, taskId: string): Promise<OpenAttempt[]> {
  return tx.$queryRaw<OpenAttempt[]>`
    SELECT a.id, a.number, a.agent_id, a.idempotency_key, a.worker_id, a.redeliveries,
           a.remote_task_id,
           CASE WHEN ag.id IS NULL THEN NULL ELSE json_build_object(
             'id', ag.id, 'name', ag.name, 'kind', ag.kind, 'endpointUrl', ag.endpoint_url,
             'config', ag.config, 'secretCiphertext', ag.secret_ciphertext) END AS agent
    FROM task_attempts a LEFT JOIN agents ag ON ag.id = a.agent_id
    WHERE a.task_id = ${taskId}::uuid AND a.status = 'running'
    ORDER BY a.number`;
}

export interface Redelivery {
  calls: StartedAttempt[];
  timeoutMs: number;
}

/**
 * Sends a stopped worker's open attempts of this task again: the attempt rows stay (same number,
 * same idempotency key, same agent, whose slot the attempt still holds), re-assigned to this
 * worker. Null when there is nothing to send again — no open attempt, an attempt already sent
 * `maxRedeliveries` times, or an agent that no longer offers the capability — and the caller then
 * settles the attempts as lost.
 */
export async function redeliverOpenAttempts(
  deps: ExecutionDeps,
  tx: SqlTx,
  { task }: ClaimContext,
  request: RequestRow,
  workerId: string,
  now: Date,
): Promise<Redelivery | null> {
  const open = await openAttempts(tx, task.id);
  if (open.length === 0 || open.some((a) => a.redeliveries >= deps.maxRedeliveries)) return null;
  const loaded = await loadCandidates(tx, task.capability, task.options?.tag ?? null);
  const calls: StartedAttempt[] = [];
  for (const attempt of open) {
    const agent = loaded.find((l) => l.candidate.id === attempt.agent_id);
    if (!agent) return null;
    calls.push({
      attemptId: attempt.id,
      number: attempt.number,
      idempotencyKey: attempt.idempotency_key,
      loaded: agent,
    });
  }
  await tx.$executeRaw`
    UPDATE task_attempts SET worker_id = ${workerId}, redeliveries = redeliveries + 1
    WHERE id = ANY(${open.map((a) => a.id)}::uuid[])`;
  await countRequestAttempts(tx, request.id, calls.length);
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
        reason: `the worker running it stopped (${attempt.worker_id ?? 'unknown worker'})`,
      },
    })),
  );
  return {
    calls,
    timeoutMs: attemptTimeoutMs(
      task.timeout_ms,
      request.deadline_at?.getTime() ?? null,
      now.getTime(),
    ),
  };
}

export interface LostRemote {
  agent: LoadedCandidate['row'];
  remoteTaskId: string;
  attemptId: string;
  attempt: number;
  requestId: string;
  taskId: string;
  ref: string;
}

/** Attempts still `running` for a task whose job came back: their worker is gone. */
export async function settleLostAttempts(
  tx: SqlTx,
  { task }: ClaimContext,
  requestId: string,
  now: Date,
  cancelled: boolean,
): Promise<LostRemote[]> {
  const lost: LostRemote[] = [];
  const events: NewEvent[] = [];
  const slots: string[] = [];
  for (const attempt of await openAttempts(tx, task.id)) {
    const error = `The worker running this attempt stopped (${attempt.worker_id ?? 'unknown worker'})${
      attempt.redeliveries > 0 ? `, ${attempt.redeliveries + 1} times` : ''
    }.`;
    const errorKind = cancelled ? 'cancelled' : 'network';
    await tx.$executeRaw`
      UPDATE task_attempts SET status = ${cancelled ? 'cancelled' : 'failed'}::attempt_status,
                               error_kind = ${errorKind}::error_kind, error = ${error},
                               finished_at = ${now}::timestamptz
      WHERE id = ${attempt.id}::uuid`;
    // Its budget reservations go back (budgets before agents, the claim's lock order).
    await releaseReservations(tx, { attemptId: attempt.id, requestId, now });
    // The slot was taken by the dead worker: given back below, without blaming the agent.
    if (attempt.agent_id) slots.push(attempt.agent_id);
    if (attempt.remote_task_id && attempt.agent)
      lost.push({
        agent: attempt.agent,
        remoteTaskId: attempt.remote_task_id,
        attemptId: attempt.id,
        attempt: attempt.number,
        requestId,
        taskId: task.id,
        ref: task.ref,
      });
    events.push({
      requestId,
      taskId: task.id,
      type: cancelled ? 'attempt.cancelled' : 'attempt.failed',
      payload: { ref: task.ref, attempt: attempt.number, errorKind, error },
    });
  }
  await appendEvents(tx, events);
  // Agents after the request's row (locked by the events), in id order: the lock order.
  for (const agentId of slots.sort()) {
    await releaseAgentSlotIn(tx, agentId, { ok: false, latencyMs: 0, errorKind: 'cancelled' }, now);
  }
  return lost;
}

/** CancelTask for remote work a dead worker left running, with the outcome recorded. */
export async function cancelLostRemote(deps: ExecutionDeps, entry: LostRemote): Promise<void> {
  const outcome = await cancelRemote(deps, entry.agent, entry.remoteTaskId);
  if (!outcome) return;
  await withPgTx(deps.pool, async (tx) => {
    await tx.$executeRaw`
      UPDATE task_attempts SET remote_cancel = ${jsonOrNull(outcome)}::jsonb
      WHERE id = ${entry.attemptId}::uuid`;
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

/**
 * This worker is stopping and aborted its calls: nothing is recorded, the attempts stay open (the
 * agent may have done the work), and a new job hands them to another worker right away, which
 * sends them again with the same idempotency keys. Should this fail, the handler throws and the
 * queue retries the job, which ends the same way.
 */
export async function handOver(
  deps: ExecutionDeps,
  claim: { requestId: string; task: { id: string } },
): Promise<void> {
  await withPgTx(deps.pool, async (tx) => {
    await lockRequest(tx, claim.requestId);
    // Running or not (cancelled meanwhile), the next job settles what this one leaves open.
    if (!(await lockTaskStatus(tx, claim.task.id))) return;
    await enqueueJob(
      tx,
      JOBS.task,
      { taskId: claim.task.id },
      { jobKey: taskJobKey(claim.task.id) },
    );
  });
}
