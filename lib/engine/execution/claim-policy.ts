/**
 * The parts of a claim and a recording that are decisions, not SQL: how many agents a round books,
 * what to do when booking came up short, why no agent could take a task, what text an agent
 * receives, and what an attempt costs. lib/server/execution loads the facts, calls these, and writes.
 */
import { estimateCallCost, type AgentPricing } from '../routing/cost';
import type { ExecutionMode } from '../types';

/** Agents a round wants: one, the consensus panel (3 unless the task says), or every ranked agent. */
export function agentsWanted(
  mode: ExecutionMode,
  consensusAgents: number | undefined,
  ranked: number,
): number {
  if (mode === 'single') return 1;
  if (mode === 'consensus') return consensusAgents ?? 3;
  return ranked;
}

export interface BookingFacts {
  mode: ExecutionMode;
  /** Agents whose slot was booked. */
  booked: number;
  wanted: number;
  /** Some agent refused a slot because it was at capacity or its circuit was open. */
  busy: boolean;
  /** Routing excluded some agent for a reason that passes (capacity, open circuit). */
  transient: boolean;
  /** Times this task has waited for a free agent already. */
  waits: number;
  maxWaits: number;
}

/**
 * After booking: go ahead, wait for capacity (the job comes back later), or fail the task. A
 * consensus round needs at least two agents (or all it wants, when it wants fewer); short of that it
 * waits while agents are merely busy.
 */
export function afterBooking(f: BookingFacts): 'proceed' | 'wait' | 'fail' {
  const short =
    f.booked === 0 ||
    (f.mode === 'consensus' && f.booked < Math.min(f.wanted, 2) && (f.busy || f.transient));
  if (!short) return 'proceed';
  return (f.busy || f.transient) && f.waits < f.maxWaits ? 'wait' : 'fail';
}

export interface NoAgentFacts {
  capability: string;
  /** Agents routing left out, with the reason code and its text. */
  excluded: readonly { name: string; reason: string; detail: string }[];
  /** Candidates left after fallback and budget exclusions. */
  poolSize: number;
  /** This task's last failed attempt, if any. */
  lastFailure?: { errorKind: string | null; error: string | null; agentName: string | null };
  /** Agents skipped because they failed this task in a way another agent might not. */
  fellBack: number;
}

/** Why no agent can take the task: what went wrong, not only that nobody is left. */
export function noAgentMessage(f: NoAgentFacts): string {
  const reasons = f.excluded.map((e) => `${e.name} (${e.detail})`).join(', ');
  const overBudget = f.excluded.filter((e) => e.reason === 'over_budget');
  if (overBudget.length > 0 && overBudget.length === f.excluded.length && f.poolSize > 0) {
    return `over budget: every agent for '${f.capability}' would exceed the request's budget (${reasons})`;
  }
  const last = f.lastFailure;
  if (f.poolSize === 0 && last?.errorKind && f.fellBack > 0) {
    // The operator fixes the agent: name it and its error.
    return (
      `${last.errorKind}: ${last.error ?? 'the agent failed'}` +
      ` (agent ${last.agentName ?? 'unknown'}; no other agent offers '${f.capability}')`
    );
  }
  return f.poolSize === 0
    ? `no agent offers '${f.capability}'`
    : `no agent can run '${f.capability}' now: ${reasons || 'all are busy'}`;
}

/** The text an agent receives: a string input as is, structured input as JSON, else the description. */
export function taskInputText(input: unknown, description: string): string {
  if (typeof input === 'string') return input;
  if (input === null || input === undefined) return description;
  return JSON.stringify(input);
}

export interface AttemptOutcome {
  ok: boolean;
  /** What the agent said the call cost, when it says. */
  reportedCostMicros?: bigint;
  usage?: { tokensIn?: number; tokensOut?: number };
}

/**
 * What an attempt costs: the agent's own report when it gives one, else its price applied to the
 * tokens it reported. Failed calls cost nothing (Baton does not know what the agent spent).
 */
export function attemptCost(outcome: AttemptOutcome, pricing: AgentPricing): bigint {
  if (!outcome.ok) return 0n;
  if (outcome.reportedCostMicros !== undefined) return outcome.reportedCostMicros;
  return estimateCallCost(pricing, {
    inputTokens: outcome.usage?.tokensIn ?? 0,
    outputTokens: outcome.usage?.tokensOut ?? 0,
  });
}
