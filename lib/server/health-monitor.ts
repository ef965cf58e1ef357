/**
 * The health monitor: probes each agent at its own interval, stores every check (bounded retention),
 * applies the health policy (lib/engine/health) and flags A2A card drift.
 *
 * Safe with several processes on one database: due agents are claimed with
 * `FOR UPDATE SKIP LOCKED` and their `last_health_check_at` is moved forward in the same statement,
 * so each check runs once. Each result is applied under the agent's row lock, like every status
 * change (lib/db/repositories/agent-mutations.ts).
 */
import type { AgentAdapter, ProbeResult } from '@/lib/agents/types';
import type { PrismaClient } from '@/lib/db/prisma';
import { applyEffects } from '@/lib/db/repositories/agent-mutations';
import {
  evaluateHealthCheck,
  resolveHealthPolicy,
  type Actor,
  type AgentKind,
  type AgentStatus,
  type HealthPolicy,
} from '@/lib/engine';
import { logger } from '@/lib/logger';
import { toAgentTarget, type AgentRowForTarget } from './agent-target';

/** Health checks kept per agent (older ones are deleted after each check). */
export const HEALTH_CHECK_RETENTION = 500;
/** Default probe timeout; an agent's interval caps it (a probe never outlives its interval). */
export const PROBE_TIMEOUT_MS = 10_000;
/** Agents probed at once per monitor tick. */
export const MAX_CONCURRENT_PROBES = 8;

export type AdapterLookup = (kind: AgentKind) => AgentAdapter;

interface DueAgent extends AgentRowForTarget {
  interval_s: number;
}

export interface HealthMonitorOptions {
  adapters: AdapterLookup;
  policy?: Partial<HealthPolicy>;
  now?: () => Date;
  /** Upper bound of agents claimed per tick. */
  batchSize?: number;
}

/** Claims the agents whose check is due and probes them. Returns how many were checked. */
export async function runDueHealthChecks(
  db: PrismaClient,
  options: HealthMonitorOptions,
): Promise<number> {
  const now = (options.now ?? (() => new Date()))();
  const due = await db.$queryRaw<DueAgent[]>`
    UPDATE agents SET last_health_check_at = ${now}
    WHERE id IN (
      SELECT id FROM agents
      WHERE deleted_at IS NULL
        AND (last_health_check_at IS NULL
             OR last_health_check_at + make_interval(secs => health_check_interval_s) <= ${now})
      ORDER BY last_health_check_at NULLS FIRST
      LIMIT ${options.batchSize ?? 50}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, name, kind, endpoint_url AS "endpointUrl", config,
              secret_ciphertext AS "secretCiphertext", health_check_interval_s AS interval_s`;
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const agent = due[next++]!;
      await checkAgent(db, agent, options).catch((error: unknown) =>
        logger.error({ err: error, agentId: agent.id }, 'health check failed unexpectedly'),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_PROBES, due.length) }, worker));
  return due.length;
}

/** Probes one agent now and applies the result. */
export async function checkAgent(
  db: PrismaClient,
  agent: AgentRowForTarget & { interval_s?: number },
  options: HealthMonitorOptions,
): Promise<ProbeResult> {
  const timeoutMs = Math.min(PROBE_TIMEOUT_MS, (agent.interval_s ?? 60) * 1000);
  let result: ProbeResult;
  try {
    const target = toAgentTarget(agent);
    result = await options
      .adapters(agent.kind)
      .probe(target, { timeoutMs, signal: AbortSignal.timeout(timeoutMs + 1_000) });
  } catch (error) {
    result = {
      ok: false,
      latencyMs: 0,
      error: error instanceof Error ? error.message : 'probe failed',
    };
  }
  await applyHealthResult(db, agent.id, result, options);
  return result;
}

/** Stores a check and applies the health policy and drift detection, under the agent's row lock. */
export async function applyHealthResult(
  db: PrismaClient,
  agentId: string,
  result: ProbeResult,
  options: Pick<HealthMonitorOptions, 'policy' | 'now'> = {},
): Promise<void> {
  const policy = resolveHealthPolicy(options.policy);
  const now = (options.now ?? (() => new Date()))();
  await db.$transaction(async (tx) => {
    const [agent] = await tx.$queryRaw<
      {
        status: AgentStatus;
        consecutive_failures: number;
        consecutive_successes: number;
        auto_recover: boolean;
        card_hash: string | null;
        kind: AgentKind;
        name: string;
      }[]
    >`SELECT status, consecutive_failures, consecutive_successes, auto_recover, card_hash, kind, name
      FROM agents WHERE id = ${agentId}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!agent) return;

    await tx.healthCheck.create({
      data: {
        agentId,
        ok: result.ok,
        latencyMs: Math.round(result.latencyMs),
        error: result.error ?? null,
        createdAt: now,
      },
    });
    const [recent, lastTransition] = await Promise.all([
      tx.healthCheck.findMany({
        where: { agentId },
        select: { ok: true, latencyMs: true },
        orderBy: { id: 'desc' },
        take: policy.windowSize,
      }),
      tx.statusTransition.findFirst({
        where: { agentId },
        select: { actor: true },
        orderBy: { id: 'desc' },
      }),
    ]);
    // The new check is already stored and part of `recent`; the engine appends it itself.
    const evaluation = evaluateHealthCheck(
      {
        status: agent.status,
        consecutiveFailures: agent.consecutive_failures,
        consecutiveSuccesses: agent.consecutive_successes,
        recent: recent.slice(1).reverse(),
        autoRecover: agent.auto_recover,
        statusActor: lastTransition?.actor as Actor | undefined,
      },
      { ok: result.ok, latencyMs: result.latencyMs, error: result.error },
      policy,
    );
    await tx.agent.update({
      where: { id: agentId },
      data: {
        consecutiveFailures: evaluation.counters.consecutiveFailures,
        consecutiveSuccesses: evaluation.counters.consecutiveSuccesses,
      },
    });
    await applyEffects(
      tx,
      agentId,
      evaluation.transitions.map((t) => ({
        type: 'record_transition' as const,
        ...t,
        actor: 'health_check' as const,
      })),
    );

    // A2A drift: the skills on the card changed since we last looked. The badge stays until an
    // operator acknowledges it; the new hash is kept so one change raises one event.
    if (result.card && agent.card_hash && result.card.hash !== agent.card_hash) {
      await tx.agent.update({
        where: { id: agentId },
        data: { cardHash: result.card.hash, card: result.card.raw as object, cardDriftAt: now },
      });
      await tx.event.create({
        data: {
          type: 'agent.card_drift',
          payload: {
            agentId,
            agentName: agent.name,
            previousHash: agent.card_hash,
            hash: result.card.hash,
            skills: result.card.capabilities.map((c) => c.name),
          },
          createdAt: now,
        },
      });
    }

    // Bounded retention: keep the newest HEALTH_CHECK_RETENTION checks of this agent.
    await tx.$executeRaw`
      DELETE FROM health_checks WHERE agent_id = ${agentId}::uuid AND id < (
        SELECT id FROM health_checks WHERE agent_id = ${agentId}::uuid
        ORDER BY id DESC OFFSET ${HEALTH_CHECK_RETENTION - 1} LIMIT 1)`;
  });
}

/** Runs the monitor every `tickMs` until stopped. Returns the stop function. */
export function startHealthMonitor(
  db: PrismaClient,
  options: HealthMonitorOptions & { tickMs?: number },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = runDueHealthChecks(db, options)
      .catch((error: unknown) => logger.error({ err: error }, 'health monitor tick failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.tickMs ?? 5_000);
      });
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
