import type { AgentKind, AgentStatus } from '@/lib/engine';
import { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma';

/**
 * Capability lookups (the seed registry's find_agents_by_capability, find_agents_by_input_type,
 * list_capabilities). Only live (not unregistered) agents are returned; callers that route work
 * filter by status themselves, because the UI also wants to show agents that are down.
 */
export interface CapableAgent {
  id: string;
  name: string;
  displayName: string;
  kind: AgentKind;
  status: AgentStatus;
  capability: string;
}

/**
 * Routing looks agents up by capability for every task, so these three are single SQL statements
 * (an index scan and a join) rather than Prisma relation queries. Measured with `npm run bench`
 * (10,000 agents, ~150 matches): p50 15.0 ms as a relation query, 5.3 ms as one statement.
 */
function lookup(db: PrismaClient, condition: Prisma.Sql): Promise<CapableAgent[]> {
  return db.$queryRaw<CapableAgent[]>`
    SELECT a.id, a.name, a.display_name AS "displayName", a.kind, a.status, c.name AS capability
    FROM capabilities c JOIN agents a ON a.id = c.agent_id
    WHERE a.deleted_at IS NULL AND ${condition}
    ORDER BY a.name, c.name`;
}

/** Agents offering the capability `name` (exact, case-sensitive: capability names are identifiers). */
export function findAgentsByCapability(db: PrismaClient, name: string): Promise<CapableAgent[]> {
  return lookup(db, Prisma.sql`c.name = ${name}`);
}

/** Agents with a capability tagged `tag` (GIN index on tags). */
export function findAgentsByTag(db: PrismaClient, tag: string): Promise<CapableAgent[]> {
  return lookup(db, Prisma.sql`c.tags @> ARRAY[${tag}]::text[]`);
}

/** Agents with a capability that accepts the input type (e.g. `text/plain`; GIN index). */
export function findAgentsByInputType(
  db: PrismaClient,
  inputType: string,
): Promise<CapableAgent[]> {
  return lookup(db, Prisma.sql`c.input_types @> ARRAY[${inputType}]::text[]`);
}

export interface CapabilitySummary {
  name: string;
  description: string;
  tags: string[];
  inputTypes: string[];
  outputTypes: string[];
  agents: { id: string; name: string; displayName: string; status: AgentStatus }[];
}

/**
 * Every capability name with the agents offering it. Descriptions, tags and types are merged
 * across agents (first non-empty description; union of the lists).
 */
export async function listCapabilities(db: PrismaClient): Promise<CapabilitySummary[]> {
  const rows = await db.capability.findMany({
    where: { agent: { deletedAt: null } },
    select: {
      name: true,
      description: true,
      tags: true,
      inputTypes: true,
      outputTypes: true,
      agent: { select: { id: true, name: true, displayName: true, status: true } },
    },
    orderBy: [{ name: 'asc' }, { agent: { name: 'asc' } }],
  });
  const byName = new Map<string, CapabilitySummary>();
  for (const row of rows) {
    const summary = byName.get(row.name) ?? {
      name: row.name,
      description: '',
      tags: [],
      inputTypes: [],
      outputTypes: [],
      agents: [],
    };
    summary.description ||= row.description;
    summary.tags = union(summary.tags, row.tags);
    summary.inputTypes = union(summary.inputTypes, row.inputTypes);
    summary.outputTypes = union(summary.outputTypes, row.outputTypes);
    summary.agents.push(row.agent);
    byName.set(row.name, summary);
  }
  return [...byName.values()];
}

/**
 * Distinct capability names of live agents (for filters), in name order.
 *
 * A skip scan of `capabilities_name_idx` (one index probe per distinct name, then one probe for a
 * live agent offering it) instead of reading every capability row: with 10,000 agents and 30,000
 * capabilities Prisma's `distinct` fetched all 30,000 rows and deduplicated them in Node (ADR 0061).
 */
export async function listCapabilityNames(db: PrismaClient): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    WITH RECURSIVE names AS (
      (SELECT name FROM capabilities ORDER BY name LIMIT 1)
      UNION ALL
      SELECT (SELECT c.name FROM capabilities c WHERE c.name > n.name ORDER BY c.name LIMIT 1)
      FROM names n WHERE n.name IS NOT NULL
    )
    SELECT n.name FROM names n
    WHERE n.name IS NOT NULL
      AND EXISTS (
        SELECT 1 FROM capabilities c JOIN agents a ON a.id = c.agent_id
        WHERE c.name = n.name AND a.deleted_at IS NULL
      )
    ORDER BY n.name`;
  return rows.map((row) => row.name);
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}
