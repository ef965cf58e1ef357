import { formatUsd } from '../budget/money';
import {
  DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  canAttempt,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from '../health/circuit-breaker';
import { drawIndex, drawUnit, type Random } from '../random';
import { hasCapacity, loadRatio } from '../registry/metrics';
import { ROUTING_PREFERENCE, isRoutable } from '../status/transitions';
import { type AgentStatus, type Micros, type RoutingStrategy } from '../types';
import { createBm25Index, scoreBm25, type Bm25Options } from './bm25';
import { estimateCallCost, estimateTokens, type TokenEstimate } from './cost';

/**
 * Routing: picks the agent for one task and records why. Pure — the caller loads the candidates
 * (agents offering the capability, with metrics, breaker and load), persists the decision as the
 * task's routing explanation, and persists `nextRoundRobinPosition` when the strategy is round_robin.
 *
 * Order of work:
 * 1. Exclusions, each with one reason (the first that applies, in this order): no_capability,
 *    status (not ACTIVE/DEGRADED), circuit_open, at_capacity, over_budget.
 * 2. Preference tiers: every ACTIVE agent ranks before every DEGRADED one (ROUTING_PREFERENCE), so a
 *    DEGRADED agent is chosen only when no ACTIVE agent is eligible.
 * 3. The strategy orders each tier. `ranked[0]` is the choice; the rest is the fallback order.
 */

/** The text of one capability an agent offers; semantic routing ranks over it. */
export interface CapabilityText {
  name: string;
  description: string;
  tags: readonly string[];
  examples: readonly string[];
}

export interface Candidate {
  id: string;
  /** Unique slug; the deterministic tie-break and the round-robin order. */
  name: string;
  status: AgentStatus;
  /** Tasks the agent is running now. */
  inFlight: number;
  maxConcurrentTasks: number;
  /** Relative weight for the weighted strategy; ≤ 0 or non-finite counts as 0. */
  weight: number;
  ewmaLatencyMs: number | null;
  successRate: number | null;
  priceInputPerMTok: Micros;
  priceOutputPerMTok: Micros;
  pricePerCall: Micros;
  circuit: CircuitBreaker;
  capabilities: readonly CapabilityText[];
}

export interface RoutingTask {
  /** The capability the plan requires (matched by name, case-insensitively, except in semantic). */
  capability: string;
  /** The task's input text; semantic routing and the token estimate read it. */
  input: string;
}

export interface RoutingContext {
  /** Injected randomness for random and weighted; never Math.random in the engine. */
  random: Random;
  /** Epoch ms, from the injected Clock; decides whether an open circuit allows a trial. */
  now: number;
  /** The persisted round-robin cursor (default 0). Only round_robin reads it. */
  roundRobinPosition?: bigint | number;
  /** Budget left for this request, in micro-dollars; null or absent means unlimited. */
  budgetRemaining?: Micros | null;
  /** Token estimate for cost; default `estimateTokens(task.input)` (⌈chars / 4⌉ each way). */
  estimatedTokens?: TokenEstimate;
  /** Default DEFAULT_CIRCUIT_BREAKER_OPTIONS. */
  circuitBreakerOptions?: CircuitBreakerOptions;
  /** Default k1 = 1.2, b = 0.75. */
  bm25Options?: Bm25Options;
  /**
   * semantic only: relevance per candidate (same order) from embeddings — cosine similarity of the
   * task text and the candidate's best capability text. Replaces BM25 when given; ≤ 0 excludes.
   */
  semanticScores?: readonly (number | null)[];
}

export const EXCLUSION_REASONS = [
  'no_capability',
  'status',
  'circuit_open',
  'at_capacity',
  'over_budget',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface RankedCandidate {
  agentId: string;
  name: string;
  /**
   * The measure this strategy ranked by, in its own unit (the order of `ranked` is the decision):
   * capability / least_loaded — load ratio (lower first); semantic — BM25 relevance (higher first);
   * round_robin — offset from the cursor (lower first); random / weighted — probability of being
   * picked first within the tier; fastest — EWMA latency ms (lower first); cheapest — estimated
   * micro-dollars (lower first); most_reliable — success rate (higher first). null when unknown.
   */
  score: number | null;
  reasons: string[];
}

export interface ExcludedCandidate {
  agentId: string;
  name: string;
  reason: ExclusionReason;
  detail: string;
}

export interface RoutingDecision {
  strategy: RoutingStrategy;
  chosen: Candidate | null;
  ranked: RankedCandidate[];
  excluded: ExcludedCandidate[];
  /** round_robin only: the cursor to persist (position + 1 when an agent was chosen). */
  nextRoundRobinPosition?: bigint;
}

interface Eligible {
  candidate: Candidate;
  cost: Micros;
  /** BM25 relevance; semantic only. */
  relevance: number | null;
  load: number;
}

interface Scored {
  item: Eligible;
  score: number | null;
  reasons: string[];
}

interface RankEnv {
  random: Random;
  position: bigint;
}

type Ranker = (tier: readonly Eligible[], env: RankEnv) => Scored[];

export function route(
  task: RoutingTask,
  candidates: readonly Candidate[],
  strategy: RoutingStrategy,
  ctx: RoutingContext,
): RoutingDecision {
  const tokens = ctx.estimatedTokens ?? estimateTokens(task.input);
  const relevance =
    strategy !== 'semantic'
      ? null
      : ctx.semanticScores
        ? candidates.map((_, i) => ctx.semanticScores![i] ?? 0)
        : semanticRelevance(task, candidates, ctx.bm25Options);
  const excluded: ExcludedCandidate[] = [];
  const eligible: Eligible[] = [];
  candidates.forEach((candidate, i) => {
    const item: Eligible = {
      candidate,
      cost: estimateCallCost(candidate, tokens),
      relevance: relevance?.[i] ?? null,
      load: loadRatio(candidate.inFlight, candidate.maxConcurrentTasks),
    };
    const exclusion = exclusionOf(item, task, strategy, ctx);
    if (exclusion) {
      excluded.push({ agentId: candidate.id, name: candidate.name, ...exclusion });
    } else {
      eligible.push(item);
    }
  });

  const position = BigInt(ctx.roundRobinPosition ?? 0);
  const env: RankEnv = { random: ctx.random, position };
  const tiers = [...new Set(eligible.map((item) => ROUTING_PREFERENCE[item.candidate.status]))]
    .sort((a, b) => b - a)
    .map((preference) =>
      eligible.filter((item) => ROUTING_PREFERENCE[item.candidate.status] === preference),
    );
  const hasActive = eligible.some((item) => item.candidate.status === 'ACTIVE');
  const ranked = tiers
    .flatMap((tier) => RANKERS[strategy](tier, env))
    .map(({ item, score, reasons }) => ({
      agentId: item.candidate.id,
      name: item.candidate.name,
      score,
      reasons: [...statusReasons(item.candidate.status, hasActive), ...reasons],
    }));
  const chosen = tiers[0] ? (findCandidate(eligible, ranked[0]?.agentId) ?? null) : null;

  return {
    strategy,
    chosen,
    ranked,
    excluded,
    ...(strategy === 'round_robin'
      ? { nextRoundRobinPosition: chosen ? position + 1n : position }
      : {}),
  };
}

/**
 * The candidates to try after the chosen one fails with a fallback-allowed error, best first,
 * skipping agents already tried for this task. Re-check the breaker with `canAttempt` before the
 * call: the decision is a snapshot.
 */
export function fallbackOrder(
  decision: RoutingDecision,
  alreadyTried: readonly string[] = [],
): RankedCandidate[] {
  const tried = new Set(alreadyTried);
  if (decision.chosen) tried.add(decision.chosen.id);
  return decision.ranked.filter((entry) => !tried.has(entry.agentId));
}

function findCandidate(eligible: readonly Eligible[], agentId: string | undefined) {
  return eligible.find((item) => item.candidate.id === agentId)?.candidate;
}

function statusReasons(status: AgentStatus, hasActive: boolean): string[] {
  if (status === 'DEGRADED' && hasActive) return ['DEGRADED: ranked after every ACTIVE agent'];
  return [`status ${status}`];
}

function exclusionOf(
  item: Eligible,
  task: RoutingTask,
  strategy: RoutingStrategy,
  ctx: RoutingContext,
): { reason: ExclusionReason; detail: string } | null {
  const { candidate } = item;
  if (strategy === 'semantic') {
    if (!(item.relevance !== null && item.relevance > 0)) {
      return { reason: 'no_capability', detail: 'no capability matches the task text' };
    }
  } else if (!offersCapability(candidate, task.capability)) {
    return { reason: 'no_capability', detail: `does not offer capability '${task.capability}'` };
  }
  if (!isRoutable(candidate.status)) {
    return { reason: 'status', detail: `status ${candidate.status} does not accept new work` };
  }
  const circuit = canAttempt(
    candidate.circuit,
    ctx.now,
    ctx.circuitBreakerOptions ?? DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  );
  if (!circuit.allowed) {
    const until =
      circuit.retryAt === null ? '' : ` until ${new Date(circuit.retryAt).toISOString()}`;
    return { reason: 'circuit_open', detail: `circuit ${candidate.circuit.state}${until}` };
  }
  if (!hasCapacity(candidate.inFlight, candidate.maxConcurrentTasks)) {
    return {
      reason: 'at_capacity',
      detail: `${candidate.inFlight}/${candidate.maxConcurrentTasks} tasks in flight`,
    };
  }
  const budget = ctx.budgetRemaining ?? null;
  if (budget !== null && item.cost > budget) {
    return {
      reason: 'over_budget',
      detail: `estimated ${formatUsd(item.cost)} exceeds the remaining ${formatUsd(budget)}`,
    };
  }
  return null;
}

function offersCapability(candidate: Candidate, capability: string): boolean {
  const wanted = capability.trim().toLowerCase();
  return candidate.capabilities.some((offered) => offered.name.trim().toLowerCase() === wanted);
}

/**
 * BM25 relevance of each candidate: the best score among its capabilities, each capability being
 * one document (name, description, tags and examples). The query is the required capability plus
 * the task text, so an exact capability name still weighs in.
 */
function semanticRelevance(
  task: RoutingTask,
  candidates: readonly Candidate[],
  options: Bm25Options | undefined,
): number[] {
  const owners: number[] = [];
  const texts: string[] = [];
  candidates.forEach((candidate, i) => {
    for (const capability of candidate.capabilities) {
      owners.push(i);
      texts.push(
        [capability.name, capability.description, ...capability.tags, ...capability.examples].join(
          ' ',
        ),
      );
    }
  });
  const scores = scoreBm25(createBm25Index(texts, options), `${task.capability} ${task.input}`);
  const best = candidates.map(() => 0);
  scores.forEach((score, doc) => {
    const owner = owners[doc]!;
    best[owner] = Math.max(best[owner]!, score);
  });
  return best;
}

// ── Strategies ───────────────────────────────────────────────────────────────────────────────────

/** Code-unit comparison: the same order on every machine and locale. */
function compareNames(a: Eligible, b: Eligible): number {
  const x = a.candidate.name;
  const y = b.candidate.name;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Ties in every deterministic strategy: less loaded first, then by name. */
function compareTies(a: Eligible, b: Eligible): number {
  return a.load - b.load || compareNames(a, b);
}

/** Known values first (ordered by `compare`), unknown (null) after. */
function nullsLast(a: number | null, b: number | null, compare: (x: number, y: number) => number) {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return compare(a, b);
}

const ascending = (x: number, y: number) => x - y;
const descending = (x: number, y: number) => y - x;

function loadReason(item: Eligible): string {
  return `load ${item.candidate.inFlight}/${item.candidate.maxConcurrentTasks}`;
}

function sortedBy(
  tier: readonly Eligible[],
  compare: (a: Eligible, b: Eligible) => number,
  describe: (item: Eligible) => Omit<Scored, 'item'>,
): Scored[] {
  return [...tier]
    .sort((a, b) => compare(a, b) || compareTies(a, b))
    .map((item) => ({ item, ...describe(item) }));
}

function rankCapability(tier: readonly Eligible[]): Scored[] {
  return sortedBy(
    tier,
    () => 0,
    (item) => ({ score: item.load, reasons: ['offers the capability', loadReason(item)] }),
  );
}

function rankSemantic(tier: readonly Eligible[]): Scored[] {
  return sortedBy(
    tier,
    (a, b) => (b.relevance ?? 0) - (a.relevance ?? 0),
    (item) => ({
      score: item.relevance,
      reasons: [`BM25 relevance ${(item.relevance ?? 0).toFixed(3)}`, loadReason(item)],
    }),
  );
}

/**
 * Fair rotation: the tier in name order, starting at `position mod size`. Every worker reads and
 * advances the same persisted cursor, so N calls over k agents give each ⌊N/k⌋ or ⌈N/k⌉.
 */
function rankRoundRobin(tier: readonly Eligible[], env: RankEnv): Scored[] {
  const ordered = [...tier].sort(compareNames);
  const size = BigInt(ordered.length);
  const start = Number(((env.position % size) + size) % size);
  return ordered.map((_, offset) => {
    const item = ordered[(start + offset) % ordered.length]!;
    return {
      item,
      score: offset,
      reasons: [`round-robin cursor ${env.position}: position ${offset + 1} of ${ordered.length}`],
    };
  });
}

/** A uniform random order (Fisher–Yates draws); the first pick is uniform over the tier. */
function rankRandom(tier: readonly Eligible[], env: RankEnv): Scored[] {
  const remaining = [...tier];
  const out: Scored[] = [];
  const probability = 1 / tier.length;
  while (remaining.length > 0) {
    const [item] = remaining.splice(drawIndex(env.random, remaining.length), 1);
    out.push({
      item: item!,
      score: probability,
      reasons: [`uniform pick: probability ${formatShare(probability)}`],
    });
  }
  return out;
}

function effectiveWeight(candidate: Candidate): number {
  return Number.isFinite(candidate.weight) && candidate.weight > 0 ? candidate.weight : 0;
}

/**
 * Weighted sampling without replacement: the first pick has probability weight / Σ weights, the
 * fallback order repeats the draw over the rest. When every weight is 0 the draw is uniform.
 */
function rankWeighted(tier: readonly Eligible[], env: RankEnv): Scored[] {
  const total = tier.reduce((sum, item) => sum + effectiveWeight(item.candidate), 0);
  const remaining = [...tier];
  const out: Scored[] = [];
  while (remaining.length > 0) {
    const index = pickWeighted(remaining, env.random);
    const [item] = remaining.splice(index, 1);
    const weight = effectiveWeight(item!.candidate);
    const probability = total > 0 ? weight / total : 1 / tier.length;
    out.push({
      item: item!,
      score: probability,
      reasons: [`weight ${weight} of ${total}: probability ${formatShare(probability)}`],
    });
  }
  return out;
}

function pickWeighted(items: readonly Eligible[], random: Random): number {
  const weights = items.map((item) => effectiveWeight(item.candidate));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) return drawIndex(random, items.length);
  let target = drawUnit(random) * total;
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!;
    if (weight > 0 && target < weight) return i;
    target -= weight;
  }
  // Floating-point leftovers: the last item with a positive weight.
  return weights.findLastIndex((weight) => weight > 0);
}

function rankLeastLoaded(tier: readonly Eligible[]): Scored[] {
  return sortedBy(
    tier,
    () => 0,
    (item) => ({ score: item.load, reasons: [loadReason(item)] }),
  );
}

function rankFastest(tier: readonly Eligible[]): Scored[] {
  return sortedBy(
    tier,
    (a, b) => nullsLast(a.candidate.ewmaLatencyMs, b.candidate.ewmaLatencyMs, ascending),
    (item) => ({
      score: item.candidate.ewmaLatencyMs,
      reasons: [
        item.candidate.ewmaLatencyMs === null
          ? 'latency unknown: ranked after agents with a measured latency'
          : `EWMA latency ${Math.round(item.candidate.ewmaLatencyMs)} ms`,
      ],
    }),
  );
}

function rankCheapest(tier: readonly Eligible[]): Scored[] {
  return sortedBy(
    tier,
    (a, b) => (a.cost < b.cost ? -1 : a.cost > b.cost ? 1 : 0),
    (item) => ({
      score: Number(item.cost),
      reasons: [`estimated cost ${formatUsd(item.cost)}`],
    }),
  );
}

function rankMostReliable(tier: readonly Eligible[]): Scored[] {
  return sortedBy(
    tier,
    (a, b) => nullsLast(a.candidate.successRate, b.candidate.successRate, descending),
    (item) => ({
      score: item.candidate.successRate,
      reasons: [
        item.candidate.successRate === null
          ? 'success rate unknown: ranked after agents with a record'
          : `success rate ${formatShare(item.candidate.successRate)}`,
      ],
    }),
  );
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

const RANKERS = {
  capability: rankCapability,
  semantic: rankSemantic,
  round_robin: rankRoundRobin,
  random: rankRandom,
  weighted: rankWeighted,
  least_loaded: rankLeastLoaded,
  fastest: rankFastest,
  cheapest: rankCheapest,
  most_reliable: rankMostReliable,
} satisfies Record<RoutingStrategy, Ranker>;
