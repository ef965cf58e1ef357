/**
 * Step 3 of the task job (run-task.ts): the record, in one short transaction (run again if
 * PostgreSQL breaks a deadlock with it). Each attempt with its ledger row, then the engine's
 * verdict for the round — succeeded (dependents become ready), retrying after a backoff, fallback
 * to the next agent, or failed (dependents are skipped) — and last the agents' slots and metrics. An attempt is recorded once:
 * a second recording finds it settled and changes nothing.
 */
import type { InvokeResult } from '@/lib/agents/types';
import { releaseLockedAgentSlot, type CallOutcomeInput } from '@/lib/db/repositories/agent-calls';
import { withPgTxRetry, type SqlTx } from '@/lib/db/sql';
import { attemptCost, settleRound } from '@/lib/engine';
import { recordingStatus, settleReservations } from '../budget/reservations';
import {
  addRequestSpend,
  lockAgentsAndProgress,
  lockRecord,
  settleAttempt,
  writeTaskStatus,
  type StartedAttempt,
} from './attempt-sql';
import type { Claim } from './claim';
import { combine } from './consensus';
import type { ExecutionDeps } from './deps';
import { appendEvents, type NewEvent } from './events';
import { enqueueJob, JOBS, taskJobKey } from './queue';
import { actOnProgress, promoteDependentsOf, skipDependents } from './settle';

/** Why the worker aborted a call: the task/request was cancelled, or the worker is stopping. */
export type AbortReason = 'cancelled' | 'shutdown';

export async function record(
  deps: ExecutionDeps,
  claim: Claim,
  results: InvokeResult[],
  abortReason: AbortReason | null,
): Promise<void> {
  const { task } = claim;
  await withPgTxRetry(deps.pool, async (tx) => {
    const now = deps.now();
    const locked = await lockRecord(tx, claim.requestId, task.id);
    if (!locked) return;

    let settledAny = false;
    let spent = 0n;
    const events: NewEvent[] = [];
    const releases: { agentId: string; outcome: CallOutcomeInput }[] = [];
    for (const [index, call] of claim.calls.entries()) {
      const result = results[index]!;
      const candidate = call.loaded.candidate;
      const cost = attemptCost(result, candidate);
      // Budgets before the agent row (the claim's lock order); once, like the attempt.
      await settleReservations(tx, {
        attemptId: call.attemptId,
        requestId: claim.requestId,
        actual: cost,
        now,
      });
      const { settled } = await settleAttempt(tx, {
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
      spent += cost;
      releases.push({
        agentId: candidate.id,
        outcome: {
          ok: result.ok,
          latencyMs: result.latencyMs,
          // Aborted by us (cancel) says nothing about the agent.
          errorKind: result.ok ? null : abortReason ? 'cancelled' : result.errorKind,
        },
      });
      events.push(...attemptEvents(claim, call, result, cost));
    }
    let progressDue = false;
    if (!settledAny || locked.taskStatus !== 'running') {
      // The task was cancelled (or settled elsewhere) while the call ran: nothing more to decide.
      await appendEvents(tx, events);
    } else {
      progressDue = await decide(
        deps,
        tx,
        claim,
        results,
        recordingStatus(locked.requestStatus),
        now,
        events,
      );
    }
    // The request's row is locked from the first event on (attempt-sql.ts, lock order).
    await addRequestSpend(tx, claim.requestId, spent);
    // Last: the agents' slots, with the calls' outcomes (metrics, breaker), in id order. Every call
    // to an agent updates its row, so it is held only from here to commit. The same statement
    // counts the request's open tasks when this task ended (finish or deadlock).
    releases.sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
    const { agents, progress } = await lockAgentsAndProgress(
      tx,
      claim.requestId,
      releases.map((r) => r.agentId),
      progressDue,
    );
    if (progressDue) await actOnProgress(tx, claim.requestId, progress, now);
    for (const { agentId, outcome } of releases) {
      const agent = agents.get(agentId);
      if (agent) await releaseLockedAgentSlot(tx, agentId, agent, outcome, now);
    }
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
): Promise<boolean> {
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
  // Returns whether the task reached a terminal state the request's progress must be checked for
  // (record() reads the counts with the agents it releases: lockAgentsAndProgress).
  const finish = async (status: 'failed' | 'cancelled') => {
    await skipDependents(tx, claim.requestId, { ...task, status }, now);
    return true;
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
        await writeTaskStatus(
          tx,
          task,
          'succeeded',
          now,
          { output: outcome.output, error: null },
          {},
          events,
        );
        await promoteDependentsOf(tx, claim.requestId, task.id);
        return true;
      }
      await writeTaskStatus(
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
      await writeTaskStatus(tx, task, 'cancelled', now, { error: verdict.error }, {}, events);
      // The request stopped: stopRequest already settled the rest of the graph.
      return verdict.cascade ? finish('cancelled') : false;
    case 'retry':
      await writeTaskStatus(
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
      return false;
    case 'fail':
      await writeTaskStatus(tx, task, 'failed', now, { error: verdict.error }, {}, events);
      return finish('failed');
  }
}
