import type { AgentKind, AgentStatus, CircuitState } from '@/lib/engine';
import { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/** Largest page number passed to SQL (an `int`). */
const INT4_MAX = 2_147_483_647;

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

/** The filters as SQL conditions on `agents a` (always at least "not soft-deleted"). */
function agentConditions(filters: AgentFilters): Prisma.Sql {
  const conditions = [Prisma.sql`a.deleted_at IS NULL`];
  if (filters.status) conditions.push(Prisma.sql`a.status = ${filters.status}::agent_status`);
  if (filters.kind) conditions.push(Prisma.sql`a.kind = ${filters.kind}::agent_kind`);
  if (filters.capability) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM capabilities c WHERE c.agent_id = a.id AND c.name = ${filters.capability})`,
    );
  }
  const search = filters.search?.trim();
  if (search) {
    // A literal substring: `%`, `_` and `\` typed by the operator match themselves.
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`(a.name ILIKE ${pattern} OR a.display_name ILIKE ${pattern})`);
  }
  return Prisma.join(conditions, ' AND ');
}

interface AgentListSqlRow {
  total: number;
  page: number;
  id: string | null;
  name: string;
  display_name: string;
  kind: AgentKind;
  status: AgentStatus;
  max_concurrent_tasks: number;
  in_flight: number;
  success_rate: number | null;
  ewma_latency_ms: number | null;
  circuit_state: CircuitState;
  has_drift: boolean;
  created_at: Date;
  capabilities: string[];
  capability_count: number;
}

/**
 * Registered (not soft-deleted) agents matching the filters, newest first.
 *
 * One statement (ADR 0061): the exact total, the requested page clamped to the last one, the page's
 * rows and, per row, its first capability names and their count. Unfiltered, PostgreSQL plans the
 * count (an index-only scan of `agents_live_created_at_id_idx`) and the page (a walk of the same
 * index, stopping after the page) separately; filtered, the matches are computed once for both.
 * The capability preview is a lateral read of `capabilities (agent_id, name)` for the page's rows
 * only (Prisma's relation count aggregated every capability of every agent).
 */
export async function findAgents(
  db: PrismaClient,
  request: PageRequest,
  filters: AgentFilters = {},
): Promise<Page<AgentListItem>> {
  const pageSize = clampPageSize(request.pageSize);
  // Below 1 (or not a number) is page 1; past the last page is clamped in SQL, by the same rule as
  // clampPage, once the total is known.
  const requested = clampPage(request.page, INT4_MAX, 1);
  const isFiltered = Boolean(
    filters.status || filters.kind || filters.capability || filters.search?.trim(),
  );
  // Unfiltered, the count and the page each have an index to walk (NOT MATERIALIZED lets the
  // planner use them); filtered, the match is computed once and both read it.
  const materialized = isFiltered ? Prisma.sql`MATERIALIZED` : Prisma.sql`NOT MATERIALIZED`;
  const rows = await db.$queryRaw<AgentListSqlRow[]>`
    WITH matched AS ${materialized} (
      SELECT a.id, a.created_at FROM agents a WHERE ${agentConditions(filters)}
    ),
    bounds AS (
      SELECT n.total,
             LEAST(${requested}::int, GREATEST(1, CEIL(n.total / ${pageSize}::numeric)::int)) AS page
      FROM (SELECT COUNT(*)::int AS total FROM matched) n
    ),
    page_rows AS (
      SELECT m.id, m.created_at FROM matched m
      -- The id breaks ties between agents created in the same millisecond, keeping pages stable.
      ORDER BY m.created_at DESC, m.id DESC
      LIMIT ${pageSize}::int OFFSET (SELECT (page - 1) * ${pageSize}::int FROM bounds)
    )
    SELECT b.total, b.page, a.id, a.name, a.display_name, a.kind::text AS kind,
           a.status::text AS status, a.max_concurrent_tasks, a.in_flight, a.success_rate,
           a.ewma_latency_ms, a.circuit_state::text AS circuit_state,
           a.card_drift_at IS NOT NULL AS has_drift, a.created_at,
           COALESCE(cap.names, ARRAY[]::text[]) AS capabilities,
           COALESCE(cap.n, 0) AS capability_count
    FROM bounds b
    LEFT JOIN page_rows p ON TRUE
    LEFT JOIN agents a ON a.id = p.id
    LEFT JOIN LATERAL (
      SELECT (ARRAY_AGG(c.name ORDER BY c.name))[1:${CAPABILITY_PREVIEW_COUNT}::int] AS names,
             COUNT(*)::int AS n
      FROM capabilities c WHERE c.agent_id = a.id
    ) cap ON TRUE
    ORDER BY p.created_at DESC, p.id DESC`;
  const first = rows[0];
  const total = first?.total ?? 0;
  const page = first?.page ?? 1;
  const items = rows.flatMap((row) =>
    row.id === null
      ? []
      : [
          {
            id: row.id,
            name: row.name,
            displayName: row.display_name,
            kind: row.kind,
            status: row.status,
            maxConcurrentTasks: row.max_concurrent_tasks,
            inFlight: row.in_flight,
            successRate: row.success_rate,
            ewmaLatencyMs: row.ewma_latency_ms,
            circuitState: row.circuit_state,
            hasDrift: row.has_drift,
            createdAt: row.created_at,
            capabilities: row.capabilities,
            capabilityCount: row.capability_count,
          },
        ],
  );
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
