/**
 * Batch reads for the agents pages: the 24 h uptime of a whole page of agents in two queries (not
 * two per row), and readable names for the actors in a status history.
 */
import type { PrismaClient } from '@/lib/db/prisma';
import { findAgents, type AgentFilters, type AgentListItem } from '@/lib/db/repositories/agents';
import type { Page, PageRequest } from '@/lib/db/repositories/pagination';
import {
  computeUptime,
  UPTIME_WINDOW_MS,
  type AgentStatus,
  type StatusChange,
  type UptimeWindow,
} from '@/lib/engine';

export interface AgentListRow extends AgentListItem {
  /** Share of the last 24 h the agent could take work (0..1); null when there is nothing to count. */
  uptime24h: number | null;
}

/** One page of the agents table: the repository's rows plus their 24 h uptime. */
export async function listAgentsWithUptime(
  db: PrismaClient,
  request: PageRequest,
  filters: AgentFilters,
  now: Date = new Date(),
): Promise<Page<AgentListRow>> {
  const page = await findAgents(db, request, filters);
  const uptime = await findUptimeRatios(db, page.items, '24h', now);
  return {
    ...page,
    items: page.items.map((agent) => ({ ...agent, uptime24h: uptime.get(agent.id) ?? null })),
  };
}

export interface AgentTransition extends StatusChange {
  agentId: string;
}

/**
 * Uptime ratios over `window` for several agents: the transitions inside the window for all of
 * them, plus each agent's last transition before it (which sets its status at the window's start).
 */
export async function findUptimeRatios(
  db: PrismaClient,
  agents: readonly { id: string; createdAt: Date }[],
  window: UptimeWindow,
  now: Date = new Date(),
): Promise<Map<string, number | null>> {
  if (agents.length === 0) return new Map();
  const ids = agents.map((agent) => agent.id);
  const since = new Date(now.getTime() - UPTIME_WINDOW_MS[window]);
  // One statement: each agent's last transition before the window (which sets its status at the
  // window's start), then every transition inside it, in id order.
  const rows = await db.$queryRaw<{ agent_id: string; to: AgentStatus; created_at: Date }[]>`
    SELECT t.agent_id, t."to"::text AS "to", t.created_at
    FROM (
      SELECT last.agent_id, last."to", last.created_at, last.id, FALSE AS is_within
      FROM UNNEST(${ids}::uuid[]) AS agent(id)
      CROSS JOIN LATERAL (
        SELECT s.agent_id, s."to", s.created_at, s.id FROM status_transitions s
        WHERE s.agent_id = agent.id AND s.created_at < ${since}
        ORDER BY s.id DESC LIMIT 1
      ) last
      UNION ALL
      SELECT s.agent_id, s."to", s.created_at, s.id, TRUE AS is_within FROM status_transitions s
      WHERE s.agent_id = ANY(${ids}::uuid[]) AND s.created_at >= ${since}
    ) t
    ORDER BY t.is_within, t.id`;
  const transitions: AgentTransition[] = rows.map((row) => ({
    agentId: row.agent_id,
    to: row.to,
    at: row.created_at.getTime(),
  }));
  return uptimeRatiosOf(agents, transitions, window, now.getTime());
}

/** Pure part of findUptimeRatios: groups the transitions by agent and computes each ratio. */
export function uptimeRatiosOf(
  agents: readonly { id: string; createdAt: Date }[],
  transitions: readonly AgentTransition[],
  window: UptimeWindow,
  now: number,
): Map<string, number | null> {
  const byAgent = new Map<string, StatusChange[]>();
  for (const { agentId, to, at } of transitions) {
    const list = byAgent.get(agentId) ?? [];
    list.push({ to, at });
    byAgent.set(agentId, list);
  }
  return new Map(
    agents.map((agent) => [
      agent.id,
      computeUptime(byAgent.get(agent.id) ?? [], window, now, agent.createdAt.getTime())
        .uptimeRatio,
    ]),
  );
}

const SYSTEM_ACTOR_LABELS: Record<string, string> = {
  system: 'System',
  health_check: 'Health check',
  budget: 'Budget rule',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Readable names for actors (`user:<id>` → the user's email, `token:<id>` → the token's name). */
export async function findActorLabels(
  db: Pick<PrismaClient, 'user' | 'apiToken'>,
  actors: readonly string[],
): Promise<Map<string, string>> {
  const idsOf = (prefix: string) => [
    ...new Set(
      actors
        .filter((a) => a.startsWith(prefix))
        .map((a) => a.slice(prefix.length))
        .filter((id) => UUID.test(id)),
    ),
  ];
  const userIds = idsOf('user:');
  const tokenIds = idsOf('token:');
  const [users, tokens] = await Promise.all([
    userIds.length
      ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })
      : [],
    tokenIds.length
      ? db.apiToken.findMany({ where: { id: { in: tokenIds } }, select: { id: true, name: true } })
      : [],
  ]);
  return actorLabelsOf(
    actors,
    new Map(users.map((u) => [u.id, u.email])),
    new Map(tokens.map((t) => [t.id, t.name])),
  );
}

/** Pure part of findActorLabels; unknown users and tokens keep their raw actor id. */
export function actorLabelsOf(
  actors: readonly string[],
  userEmails: ReadonlyMap<string, string>,
  tokenNames: ReadonlyMap<string, string>,
): Map<string, string> {
  return new Map(
    actors.map((actor) => {
      if (actor.startsWith('user:')) return [actor, userEmails.get(actor.slice(5)) ?? actor];
      if (actor.startsWith('token:')) {
        const name = tokenNames.get(actor.slice(6));
        return [actor, name ? `API token “${name}”` : actor];
      }
      return [actor, SYSTEM_ACTOR_LABELS[actor] ?? actor];
    }),
  );
}
