import type { BudgetMode, BudgetPeriod, BudgetScope } from '@/lib/engine';
import type { PrismaClient } from '../prisma';

const DAY_MS = 86_400_000;

/**
 * Start of the window of `days` UTC calendar days that ends today. "Last 7 days" is today plus the six
 * days before it, matching the Overview's 7-day chart (lib/db/repositories/overview.ts).
 */
export function utcWindowStart(now: Date, days: number): Date {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(todayStart - (days - 1) * DAY_MS);
}

export interface SpendTotals {
  today: bigint;
  last7Days: bigint;
  last30Days: bigint;
}

/** Ledger totals for today and the last 7 and 30 UTC days. */
export async function getSpendTotals(
  db: PrismaClient,
  now: Date = new Date(),
): Promise<SpendTotals> {
  const sumSince = async (days: number) => {
    const result = await db.costEntry.aggregate({
      where: { createdAt: { gte: utcWindowStart(now, days) } },
      _sum: { amount: true },
    });
    return result._sum.amount ?? 0n;
  };
  const [today, last7Days, last30Days] = await Promise.all([
    sumSince(1),
    sumSince(7),
    sumSince(30),
  ]);
  return { today, last7Days, last30Days };
}

export interface AgentSpend {
  /** Null for costs not tied to an agent (planning, routing). */
  agent: { id: string; name: string; displayName: string; isUnregistered: boolean } | null;
  amount: bigint;
  entryCount: number;
  tokensIn: number;
  tokensOut: number;
}

/**
 * Spend per agent over the last `days` UTC days, largest first. Unregistered agents keep their
 * history (soft delete), so their spend is still listed and marked.
 */
export async function getAgentSpend(
  db: PrismaClient,
  { days = 30, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<AgentSpend[]> {
  const groups = await db.costEntry.groupBy({
    by: ['agentId'],
    where: { createdAt: { gte: utcWindowStart(now, days) } },
    _sum: { amount: true, tokensIn: true, tokensOut: true },
    _count: { _all: true },
    orderBy: { _sum: { amount: 'desc' } },
  });
  const agentIds = groups.flatMap((group) => (group.agentId ? [group.agentId] : []));
  const agents = await db.agent.findMany({
    where: { id: { in: agentIds } },
    select: { id: true, name: true, displayName: true, deletedAt: true },
  });
  const byId = new Map(agents.map((agent) => [agent.id, agent]));
  return groups.map((group) => {
    const agent = group.agentId ? byId.get(group.agentId) : undefined;
    return {
      agent: agent
        ? {
            id: agent.id,
            name: agent.name,
            displayName: agent.displayName,
            isUnregistered: agent.deletedAt !== null,
          }
        : null,
      amount: group._sum.amount ?? 0n,
      entryCount: group._count._all,
      tokensIn: group._sum.tokensIn ?? 0,
      tokensOut: group._sum.tokensOut ?? 0,
    };
  });
}

export interface BudgetListItem {
  id: string;
  name: string;
  scope: BudgetScope;
  scopeId: string | null;
  /** What the budget applies to, for people: "All spend", an agent's name, or a request id. */
  scopeLabel: string;
  limit: bigint;
  /** Settled cost in the current period, and estimates held by calls in flight. */
  spent: bigint;
  reserved: bigint;
  period: BudgetPeriod;
  mode: BudgetMode;
  createdAt: Date;
}

/** Budgets are few (one per scope and period), so the first `limit` are shown without paging. */
export async function findBudgets(
  db: PrismaClient,
  { limit = 100 }: { limit?: number } = {},
): Promise<{ items: BudgetListItem[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.budget.findMany({
      select: {
        id: true,
        scope: true,
        scopeId: true,
        capability: true,
        name: true,
        spent: true,
        reserved: true,
        limit: true,
        period: true,
        mode: true,
        createdAt: true,
      },
      orderBy: [{ scope: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
    }),
    db.budget.count(),
  ]);
  // Budgets reference their scope by id only (no foreign key), so agent names are looked up here.
  const agentIds = rows.flatMap((row) =>
    row.scope === 'agent' && row.scopeId ? [row.scopeId] : [],
  );
  const agents = agentIds.length
    ? await db.agent.findMany({
        where: { id: { in: agentIds } },
        select: { id: true, displayName: true, deletedAt: true },
      })
    : [];
  const agentNames = new Map(
    agents.map((agent) => [
      agent.id,
      agent.deletedAt ? `${agent.displayName} (unregistered)` : agent.displayName,
    ]),
  );
  const items = rows.map((row) => ({ ...row, scopeLabel: describeScope(row, agentNames) }));
  return { items, total };
}

function describeScope(
  budget: { scope: BudgetScope; scopeId: string | null; capability?: string | null },
  agentNames: ReadonlyMap<string, string>,
): string {
  switch (budget.scope) {
    case 'global':
      return 'All spend';
    case 'agent':
      return (budget.scopeId && agentNames.get(budget.scopeId)) ?? 'Unknown agent';
    case 'capability':
      return budget.capability ? `Capability ${budget.capability}` : 'Unknown capability';
    case 'request':
      // Full id: the leading hex digits of a UUIDv7 are a timestamp and do not tell requests apart.
      return budget.scopeId ? `Request ${budget.scopeId}` : 'Unknown request';
    default: {
      const unreachable: never = budget.scope;
      return unreachable;
    }
  }
}
