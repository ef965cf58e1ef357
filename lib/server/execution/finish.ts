/**
 * The finish job (architecture.md §3.5): when every task of a running request is terminal, combine
 * the outputs into the request's result and end it. The synthesizer is an agent offering the
 * `synthesize` capability, routed like any task (Baton's builtin synthesizer on a fresh install; an
 * LLM agent offering `synthesize` when an operator registers one). When it fails, Baton synthesizes
 * in-process with the builtin, so a finished request always has a result.
 */
import { synthesize } from '@/lib/agents/builtin/synthesizer';
import type { InvokeResult } from '@/lib/agents/types';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import { TERMINAL_TASK_STATUSES, estimateCallCost, route, type TaskStatus } from '@/lib/engine';
import { logger } from '@/lib/logger';
import { toAgentTarget } from '../agent-target';
import { loadCandidates } from './candidates';
import { inTx, type ExecutionDeps } from './deps';
import { appendEvents } from './events';
import { CASCADE_SKIP_PREFIX, lockRequest } from './settle';

export const SYNTHESIS_CAPABILITY = 'synthesize';

export interface RequestResult {
  /** The answer, readable. */
  text: string;
  /** Each succeeded task's output by ref. */
  outputs: Record<string, unknown>;
  /** Who synthesized: an agent's name, or `builtin (in-process)` after a failed synthesis call. */
  synthesizedBy: string;
  /** The synthesizer's structured output. */
  synthesis: unknown;
}

export async function finishRequest(deps: ExecutionDeps, requestId: string): Promise<void> {
  const { db } = deps;
  const request = await db.request.findUnique({
    where: { id: requestId },
    select: { status: true, input: true },
  });
  if (!request || request.status !== 'running') return;
  const tasks = await db.task.findMany({
    where: { requestId },
    select: {
      id: true,
      ref: true,
      capability: true,
      status: true,
      output: true,
      error: true,
      _count: { select: { dependents: true } },
    },
    orderBy: { id: 'asc' },
  });
  const terminal = TERMINAL_TASK_STATUSES as readonly TaskStatus[];
  if (!tasks.every((task) => terminal.includes(task.status))) return;

  const failed = tasks.filter((t) => t.status === 'failed' || t.status === 'cancelled');
  const steps = tasks
    .filter((t) => t.status === 'succeeded' || t.status === 'failed' || t.status === 'cancelled')
    .map((t) => ({
      ref: t.ref,
      capability: t.capability,
      output: t.output,
      ...(t.status !== 'succeeded' && { error: t.error ?? t.status }),
      // Nothing depends on it: one of the request's results.
      ...(t._count.dependents === 0 && { final: true }),
    }));
  const outputs = Object.fromEntries(
    tasks.filter((t) => t.status === 'succeeded').map((t) => [t.ref, t.output]),
  );

  const synthesis = steps.some((s) => s.error === undefined)
    ? await synthesizeWithAgent(deps, request.input ?? 'Combine the results of the tasks.', steps)
    : null;
  const now = deps.now();
  await inTx(db, async (tx) => {
    const locked = await lockRequest(tx, requestId);
    if (!locked || locked.status !== 'running') return;
    if (synthesis?.cost) {
      await tx.costEntry.create({
        data: {
          requestId,
          agentId: synthesis.agentId,
          kind: 'agent',
          amount: synthesis.cost,
          tokensIn: synthesis.tokensIn,
          tokensOut: synthesis.tokensOut,
          isReported: synthesis.reported,
        },
      });
      await tx.request.update({
        where: { id: requestId },
        data: { costTotal: { increment: synthesis.cost } },
      });
    }
    const result: RequestResult | null = synthesis
      ? { text: synthesis.text, outputs, synthesizedBy: synthesis.by, synthesis: synthesis.output }
      : null;
    const ok = failed.length === 0 && tasks.some((t) => t.status === 'succeeded');
    const error = ok
      ? null
      : failed.length > 0
        ? failed.map((t) => `task '${t.ref}' ${t.status}: ${t.error ?? ''}`.trim()).join('; ')
        : tasks.every((t) => t.status === 'skipped' && !t.error?.startsWith(CASCADE_SKIP_PREFIX))
          ? 'every task was skipped'
          : 'no task succeeded';
    await tx.request.update({
      where: { id: requestId },
      data: {
        status: ok ? 'succeeded' : 'failed',
        result: (result ?? undefined) as Prisma.InputJsonValue | undefined,
        error,
        finishedAt: now,
      },
    });
    await appendEvents(tx, [
      {
        requestId,
        type: ok ? 'request.succeeded' : 'request.failed',
        payload: ok ? { synthesizedBy: result?.synthesizedBy } : { reason: error },
      },
    ]);
  });
}

interface Synthesis {
  text: string;
  output: unknown;
  by: string;
  agentId: string | null;
  cost: bigint;
  tokensIn: number;
  tokensOut: number;
  /** The agent reported the cost itself (webhook `costMicros`, A2A `metadata.usage`). */
  reported: boolean;
}

async function synthesizeWithAgent(
  deps: ExecutionDeps,
  input: string,
  steps: { ref: string; capability: string; output: unknown; error?: string; final?: boolean }[],
): Promise<Synthesis> {
  const local = (): Synthesis => {
    const result = synthesize({ text: '', context: steps });
    return {
      text: result.text,
      output: result.output,
      by: 'builtin (in-process)',
      agentId: null,
      cost: 0n,
      tokensIn: 0,
      tokensOut: 0,
      reported: false,
    };
  };
  try {
    const loaded = await inTx(deps.db, (tx) => loadCandidates(tx, SYNTHESIS_CAPABILITY));
    const decision = route(
      { capability: SYNTHESIS_CAPABILITY, input },
      loaded.map((l) => l.candidate),
      'capability',
      { random: deps.random, now: deps.now().getTime() },
    );
    // Prefer an LLM (non-builtin) synthesizer when an operator registered one.
    const ranked = new Set(decision.ranked.map((r) => r.agentId));
    const eligible = loaded.filter((l) => ranked.has(l.candidate.id));
    const chosen = eligible.find((l) => l.row.kind !== 'builtin') ?? eligible[0];
    if (!chosen) return local();
    const target = toAgentTarget(chosen.row);
    const result: InvokeResult = await deps.adapters(target.kind).invoke(target, {
      taskId: `synthesis-${crypto.randomUUID()}`,
      attempt: 1,
      idempotencyKey: crypto.randomUUID(),
      capability: SYNTHESIS_CAPABILITY,
      input: { text: `Combine these task results into the answer to: ${input}`, context: steps },
      signal: new AbortController().signal,
      timeoutMs: deps.synthesisTimeoutMs,
    });
    if (!result.ok) {
      logger.warn(
        { agent: chosen.row.name, error: result.error },
        'synthesis failed; using the builtin',
      );
      return local();
    }
    const cost =
      result.reportedCostMicros ??
      estimateCallCost(chosen.candidate, {
        inputTokens: result.usage?.tokensIn ?? 0,
        outputTokens: result.usage?.tokensOut ?? 0,
      });
    return {
      text: result.text,
      output: result.output,
      by: chosen.row.name,
      agentId: chosen.row.id,
      cost,
      tokensIn: result.usage?.tokensIn ?? 0,
      tokensOut: result.usage?.tokensOut ?? 0,
      reported: result.reportedCostMicros !== undefined,
    };
  } catch (error) {
    logger.warn({ err: error }, 'synthesis failed; using the builtin');
    return local();
  }
}
