/**
 * The registry side of a real call to an agent: taking an in-flight slot before dispatch (status,
 * capacity and circuit breaker permitting) and giving it back with the outcome, which feeds the
 * routing metadata (EWMA latency, success rate, counters) and the circuit breaker, and completes a
 * drain when the last in-flight call ends. Both run under the agent's row lock, like every status
 * change, so concurrent calls neither over-book an agent nor lose an update.
 */
import {
  canAttempt,
  circuitOutcomeOf,
  hasCapacity,
  isRoutable,
  onInFlightChanged,
  recordCall,
  recordOutcome,
  type AgentStatus,
  type CircuitBreaker,
  type CircuitState,
  type ErrorKind,
} from '@/lib/engine';
import { Prisma } from '../generated/prisma/client';
import type { PrismaClient } from '../prisma';
import type { SqlTx } from '../sql';
import { applyEffects } from './agent-mutations';

/** The columns a call's outcome updates, read under the agent's row lock. */
export interface LockedAgent {
  status: AgentStatus;
  in_flight: number;
  max_concurrent_tasks: number;
  circuit_state: CircuitState;
  circuit_failures: number;
  circuit_opened_at: Date | null;
  circuit_trial_at: Date | null;
  ewma_latency_ms: number | null;
  success_rate: number | null;
  total_calls: bigint;
  failed_calls: bigint;
}

/** LockedAgent's columns, as a select list over `agents` (for statements that lock agents). */
export const LOCKED_AGENT_COLUMNS = Prisma.sql`status, in_flight, max_concurrent_tasks, circuit_state,
  circuit_failures, circuit_opened_at, circuit_trial_at, ewma_latency_ms, success_rate, total_calls,
  failed_calls`;

async function lockAgent(tx: SqlTx, agentId: string): Promise<LockedAgent | undefined> {
  const [agent] = await tx.$queryRaw<LockedAgent[]>`
    SELECT ${LOCKED_AGENT_COLUMNS}
    FROM agents WHERE id = ${agentId}::uuid AND deleted_at IS NULL FOR UPDATE`;
  return agent;
}

/**
 * The breaker as the engine sees it. One trial call at a time in half_open (the engine's default),
 * so "a trial is out" is stored as the time it was handed out.
 */
export function breakerOf(
  agent: Pick<
    LockedAgent,
    'circuit_state' | 'circuit_failures' | 'circuit_opened_at' | 'circuit_trial_at'
  >,
): CircuitBreaker {
  return {
    state: agent.circuit_state,
    consecutiveFailures: agent.circuit_failures,
    since: agent.circuit_opened_at?.getTime() ?? null,
    trialCalls: agent.circuit_trial_at ? 1 : 0,
  };
}

/** The breaker's columns, as bound parameters of an UPDATE. */
function breakerColumns(breaker: CircuitBreaker, now: Date) {
  return {
    state: breaker.state,
    failures: breaker.consecutiveFailures,
    openedAt: breaker.since === null ? null : new Date(breaker.since),
    trialAt: breaker.state === 'half_open' && breaker.trialCalls > 0 ? now : null,
  };
}

export type SlotRefusal = 'unavailable' | 'status' | 'capacity' | 'circuit';

export type SlotResult =
  { ok: true } | { ok: false; reason: SlotRefusal; message: string; retryAt: Date | null };

/** Takes one in-flight slot on the agent for a call about to be made. */
export function acquireAgentSlot(
  db: PrismaClient,
  agentId: string,
  now = new Date(),
): Promise<SlotResult> {
  return db.$transaction((tx) => acquireAgentSlotIn(tx, agentId, now));
}

/** acquireAgentSlot inside the caller's transaction (the executor takes the slot with the attempt). */
export async function acquireAgentSlotIn(
  tx: SqlTx,
  agentId: string,
  now = new Date(),
): Promise<SlotResult> {
  const agent = await lockAgent(tx, agentId);
  if (!agent)
    return {
      ok: false,
      reason: 'unavailable',
      message: 'The agent is not registered.',
      retryAt: null,
    };
  if (!isRoutable(agent.status)) {
    return {
      ok: false,
      reason: 'status',
      message: `The agent is ${agent.status} and takes no new work.`,
      retryAt: null,
    };
  }
  if (!hasCapacity(agent.in_flight, agent.max_concurrent_tasks)) {
    return {
      ok: false,
      reason: 'capacity',
      message: `The agent is at capacity (${agent.in_flight}/${agent.max_concurrent_tasks} in flight).`,
      retryAt: null,
    };
  }
  const decision = canAttempt(breakerOf(agent), now.getTime());
  if (!decision.allowed) {
    return {
      ok: false,
      reason: 'circuit',
      message: 'The agent’s circuit breaker is open after repeated failures.',
      retryAt: decision.retryAt === null ? null : new Date(decision.retryAt),
    };
  }
  const breaker = breakerColumns(decision.state, now);
  await tx.$executeRaw`
    UPDATE agents SET in_flight = in_flight + 1, circuit_state = ${breaker.state}::circuit_state,
                      circuit_failures = ${breaker.failures}, circuit_opened_at = ${breaker.openedAt},
                      circuit_trial_at = ${breaker.trialAt}
    WHERE id = ${agentId}::uuid`;
  return { ok: true };
}

export interface CallOutcomeInput {
  ok: boolean;
  latencyMs: number;
  /** Why it failed; null on success. Cancelled and budget-stopped calls do not count against it. */
  errorKind: ErrorKind | null;
}

/** Gives the slot back with the call's outcome. */
export async function releaseAgentSlot(
  db: PrismaClient,
  agentId: string,
  outcome: CallOutcomeInput,
  now = new Date(),
): Promise<void> {
  await db.$transaction((tx) => releaseAgentSlotIn(tx, agentId, outcome, now));
}

/** releaseAgentSlot inside the caller's transaction (the executor records the attempt with it). */
export async function releaseAgentSlotIn(
  tx: SqlTx,
  agentId: string,
  outcome: CallOutcomeInput,
  now = new Date(),
): Promise<void> {
  const agent = await lockAgent(tx, agentId);
  if (agent) await releaseLockedAgentSlot(tx, agentId, agent, outcome, now);
}

/**
 * releaseAgentSlotIn for a caller that already holds the agent's row lock and read its columns
 * (the executor reads them in the statement that settles the attempt): one UPDATE.
 */
export async function releaseLockedAgentSlot(
  tx: SqlTx,
  agentId: string,
  agent: LockedAgent,
  outcome: CallOutcomeInput,
  now: Date,
): Promise<void> {
  const inFlight = Math.max(0, agent.in_flight - 1);
  const circuitOutcome = circuitOutcomeOf(outcome.ok ? null : outcome.errorKind);
  // A call we cancelled (or stopped for budget) says nothing about the agent: only the slot returns.
  const metrics =
    circuitOutcome === null
      ? null
      : recordCall(
          {
            ewmaLatencyMs: agent.ewma_latency_ms,
            successRate: agent.success_rate,
            totalCalls: Number(agent.total_calls),
            failedCalls: Number(agent.failed_calls),
            costedCalls: 0,
            totalCostMicros: 0n,
          },
          { ok: outcome.ok, latencyMs: outcome.latencyMs, costMicros: null },
        );
  const breaker =
    circuitOutcome === null
      ? breakerOf(agent)
      : recordOutcome(breakerOf(agent), circuitOutcome, now.getTime());
  const columns = breakerColumns(breaker, now);
  await tx.$executeRaw`
    UPDATE agents SET in_flight = ${inFlight}, circuit_state = ${columns.state}::circuit_state,
                      circuit_failures = ${columns.failures}, circuit_opened_at = ${columns.openedAt},
                      circuit_trial_at = ${columns.trialAt},
                      ewma_latency_ms = ${metrics ? metrics.ewmaLatencyMs : agent.ewma_latency_ms},
                      success_rate = ${metrics ? metrics.successRate : agent.success_rate},
                      total_calls = ${metrics ? BigInt(metrics.totalCalls) : agent.total_calls},
                      failed_calls = ${metrics ? BigInt(metrics.failedCalls) : agent.failed_calls}
    WHERE id = ${agentId}::uuid`;
  const drained = onInFlightChanged(agent.status, inFlight);
  if (drained) await applyEffects(tx, agentId, drained.effects);
}
