/**
 * The task job (architecture.md §3.4): one job runs one round of one task — a single attempt, or
 * one call per agent for fan-out and consensus. In three steps:
 *
 * 1. Claim (one short transaction under the request's lock): re-send or settle attempts a dead
 *    worker left open, ask the engine what to do with the claim (deadline, caps), route, check loop
 *    protection, start the attempts, take the agents' slots. When every capable agent is busy, the job
 *    waits and tries again.
 * 2. Call the adapter with the task's timeout and an abort signal; a cancel (NOTIFY) aborts it.
 * 3. Record (one short transaction): each attempt with its ledger row, the agent's slot and
 *    metrics, then the engine's verdict for the round — succeeded (dependents become ready),
 *    retrying after a backoff, fallback to the next agent, or failed (dependents are skipped).
 *    An attempt is recorded once: a second recording finds it settled and changes nothing.
 *
 * The claim lives in claim.ts, the record in record.ts. They load, ask the engine
 * (lib/engine/execution/task-policy.ts, claim-policy.ts) and write through the execution SQL module
 * (attempt-sql.ts, settle.ts) on a connection of the shared pool (ADR 0020).
 */
import type { InvokeResult } from '@/lib/agents/types';
import { untilConnected } from '@/lib/db/connection-loss';
import { logger } from '@/lib/logger';
import { toAgentTarget } from '../agent-target';
import { CANCEL_CHANNEL, type NotificationHub } from '../notifications';
import { traceparentFor } from '../telemetry';
import { isTaskUnwanted, saveRemoteTaskId, type StartedAttempt } from './attempt-sql';
import { claimTask, type Claim, type TaskJobPayload } from './claim';
import type { ExecutionDeps } from './deps';
import { record, type AbortReason } from './record';
import { handOver } from './recovery';

export type { TaskJobPayload } from './claim';

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
    void isTaskUnwanted(deps.pool, claim.task.id).then(
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
        void saveRemoteTaskId(deps.pool, call.attemptId, remoteTaskId).catch(() => {});
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
