/**
 * A round's output when several agents answered (fan-out and consensus): every result, the
 * majority answer, or a judge agent's pick. Calls no database beyond reading the judge's
 * candidates; the caller records what this returns.
 */
import type { InvokeResult } from '@/lib/agents/types';
import { route, tallyVotes, type ExecutionMode, type RoutingDecision } from '@/lib/engine';
import { toAgentTarget } from '../agent-target';
import type { StartedAttempt } from './attempt-sql';
import { loadCandidates } from './candidates';
import { inTx, type ExecutionDeps } from './deps';

/** What combine needs of the claim. */
export interface RoundClaim {
  task: { id: string; mode: ExecutionMode; options: { judge?: string } | null };
  calls: StartedAttempt[];
  input: { text: string };
  timeoutMs: number;
}

type Combined = { ok: true; output: unknown } | { ok: false; error: string; output?: unknown };

/** The task's output from its calls: one result, every fan-out result, or the consensus. */
export async function combine(
  deps: ExecutionDeps,
  claim: RoundClaim,
  succeeded: { result: Extract<InvokeResult, { ok: true }>; call: StartedAttempt }[],
  failed: { result: Extract<InvokeResult, { ok: false }>; call: StartedAttempt }[],
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
  claim: RoundClaim,
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
