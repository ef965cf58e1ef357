import type { AgentKind, AgentStatus, CircuitState } from '@/lib/engine';
import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/** How many capability names a list row carries; the rest are only counted. */
export const CAPABILITY_PREVIEW_COUNT = 3;

export interface AgentFilters {
  status?: AgentStatus;
  kind?: AgentKind;
  /** Agents offering this capability name. */
  capability?: string;
  /** Case-insensitive substring of the slug or display name. */
  search?: string;
}

export interface AgentListItem {
  id: string;
  name: string;
  displayName: string;
  kind: AgentKind;
  status: AgentStatus;
  maxConcurrentTasks: number;
  inFlight: number;
  successRate: number | null;
  ewmaLatencyMs: number | null;
  circuitState: CircuitState;
  hasDrift: boolean;
  createdAt: Date;
  /** The first few capability names, alphabetically. */
  capabilities: string[];
  capabilityCount: number;
}

export function agentWhere(filters: AgentFilters = {}): Prisma.AgentWhereInput {
  const search = filters.search?.trim();
  return {
    deletedAt: null,
    ...(filters.status && { status: filters.status }),
    ...(filters.kind && { kind: filters.kind }),
    ...(filters.capability && { capabilities: { some: { name: filters.capability } } }),
    ...(search && {
      OR: [
        { name: { contains: search, mode: 'insensitive' } },
        { displayName: { contains: search, mode: 'insensitive' } },
      ],
    }),
  };
}

/** Registered (not soft-deleted) agents matching the filters, newest first. */
export async function findAgents(
  db: PrismaClient,
  request: PageRequest,
  filters: AgentFilters = {},
): Promise<Page<AgentListItem>> {
  const where = agentWhere(filters);
  const pageSize = clampPageSize(request.pageSize);
  // Counted first so an out-of-range page can be clamped before reading rows.
  const total = await db.agent.count({ where });
  const page = clampPage(request.page, total, pageSize);
  const rows = await db.agent.findMany({
    where,
    select: {
      id: true,
      name: true,
      displayName: true,
      kind: true,
      status: true,
      maxConcurrentTasks: true,
      inFlight: true,
      successRate: true,
      ewmaLatencyMs: true,
      circuitState: true,
      cardDriftAt: true,
      createdAt: true,
      capabilities: {
        select: { name: true },
        orderBy: { name: 'asc' },
        take: CAPABILITY_PREVIEW_COUNT,
      },
      _count: { select: { capabilities: true } },
    },
    // The id breaks ties between agents created in the same millisecond, keeping pages stable.
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const items = rows.map(({ capabilities, _count, cardDriftAt, ...agent }) => ({
    ...agent,
    hasDrift: cardDriftAt !== null,
    capabilities: capabilities.map((capability) => capability.name),
    capabilityCount: _count.capabilities,
  }));
  return { items, total, page, pageSize };
}

/**
 * Everything about one agent that may be shown to any signed-in user. The secret is never selected:
 * only whether one is set.
 */
export async function getAgentDetail(db: PrismaClient, id: string) {
  const agent = await db.agent.findFirst({
    where: { id, deletedAt: null },
    select: {
      id: true,
      name: true,
      displayName: true,
      description: true,
      version: true,
      kind: true,
      endpointUrl: true,
      config: true,
      maxConcurrentTasks: true,
      weight: true,
      priceInputPerMTok: true,
      priceOutputPerMTok: true,
      pricePerCall: true,
      priceProvider: true,
      priceModel: true,
      healthCheckIntervalS: true,
      autoRecover: true,
      status: true,
      statusReason: true,
      statusChangedAt: true,
      circuitState: true,
      consecutiveFailures: true,
      inFlight: true,
      totalCalls: true,
      failedCalls: true,
      ewmaLatencyMs: true,
      successRate: true,
      cardHash: true,
      cardDriftAt: true,
      lastHealthCheckAt: true,
      createdAt: true,
      updatedAt: true,
      secretCiphertext: true,
      capabilities: {
        select: {
          id: true,
          name: true,
          description: true,
          inputTypes: true,
          outputTypes: true,
          tags: true,
          examples: true,
          inputSchema: true,
        },
        orderBy: { name: 'asc' },
      },
    },
  });
  if (!agent) return null;
  const { secretCiphertext, ...rest } = agent;
  return { ...rest, hasSecret: secretCiphertext !== null };
}
export type AgentDetail = NonNullable<Awaited<ReturnType<typeof getAgentDetail>>>;

/** An agent's status history, newest first. */
export async function findStatusTransitions(
  db: PrismaClient,
  agentId: string,
  request: PageRequest,
) {
  const pageSize = clampPageSize(request.pageSize);
  const where = { agentId };
  const total = await db.statusTransition.count({ where });
  const page = clampPage(request.page, total, pageSize);
  const rows = await db.statusTransition.findMany({
    where,
    select: { id: true, from: true, to: true, reason: true, actor: true, createdAt: true },
    orderBy: { id: 'desc' },
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { items: rows.map((row) => ({ ...row, id: row.id.toString() })), total, page, pageSize };
}

/** Transitions needed to compute uptime over [since, now]: the last one before `since`, and all after. */
export async function findTransitionsSince(db: PrismaClient, agentId: string, since: Date) {
  const [before, within] = await Promise.all([
    db.statusTransition.findFirst({
      where: { agentId, createdAt: { lt: since } },
      select: { to: true, createdAt: true },
      orderBy: { id: 'desc' },
    }),
    db.statusTransition.findMany({
      where: { agentId, createdAt: { gte: since } },
      select: { to: true, createdAt: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  return [...(before ? [before] : []), ...within].map((row) => ({
    to: row.to,
    at: row.createdAt.getTime(),
  }));
}

/** Most recent health checks, newest first (for the latency chart). */
export async function findRecentHealthChecks(db: PrismaClient, agentId: string, limit = 100) {
  return db.healthCheck.findMany({
    where: { agentId },
    select: { ok: true, latencyMs: true, error: true, createdAt: true },
    orderBy: { id: 'desc' },
    take: limit,
  });
}

/** The agent's most recent tasks (for its page). */
export async function findRecentTasksForAgent(db: PrismaClient, agentId: string, limit = 10) {
  return db.task.findMany({
    where: { assignedAgentId: agentId },
    select: {
      id: true,
      ref: true,
      capability: true,
      status: true,
      createdAt: true,
      finishedAt: true,
      requestId: true,
    },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
}
