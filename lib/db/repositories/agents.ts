import type { AgentKind, AgentStatus } from '@/lib/engine';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/** How many capability names a list row carries; the rest are only counted. */
export const CAPABILITY_PREVIEW_COUNT = 3;

export interface AgentListItem {
  id: string;
  name: string;
  displayName: string;
  kind: AgentKind;
  status: AgentStatus;
  maxConcurrentTasks: number;
  createdAt: Date;
  /** The first few capability names, alphabetically. */
  capabilities: string[];
  capabilityCount: number;
}

/** Registered (not soft-deleted) agents, newest first. */
export async function findAgents(
  db: PrismaClient,
  request: PageRequest,
): Promise<Page<AgentListItem>> {
  const where = { deletedAt: null };
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
  const items = rows.map(({ capabilities, _count, ...agent }) => ({
    ...agent,
    capabilities: capabilities.map((capability) => capability.name),
    capabilityCount: _count.capabilities,
  }));
  return { items, total, page, pageSize };
}
