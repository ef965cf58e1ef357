/**
 * Spend against budgets, for the agent page and the Overview: ledger totals for the current UTC day
 * and month, and the budgets that cover them as enforcement sees them now (a row whose period has
 * ended counts as a fresh period, the same roll-over the next reservation applies —
 * lib/engine/budget/ledger.ts).
 */
import type { PrismaClient } from '@/lib/db/prisma';
import {
  periodEndOf,
  periodStartOf,
  rollOver,
  usedPercent,
  type BudgetMode,
  type BudgetPeriod,
  type BudgetScope,
  type Micros,
} from '@/lib/engine';

const BUDGET_SELECT = {
  id: true,
  name: true,
  scope: true,
  scopeId: true,
  limit: true,
  period: true,
  mode: true,
  thresholds: true,
  spent: true,
  reserved: true,
  periodStart: true,
} as const;

type BudgetRow = {
  id: string;
  name: string;
  scope: BudgetScope;
  scopeId: string | null;
  limit: bigint;
  period: BudgetPeriod;
  mode: BudgetMode;
  thresholds: number[];
  spent: bigint;
  reserved: bigint;
  periodStart: Date;
};

export interface BudgetUsage {
  id: string;
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  mode: BudgetMode;
  limit: Micros;
  /** Settled cost in the current period (0 when the row's period has ended). */
  spent: Micros;
  /** Estimates held by calls in flight. */
  reserved: Micros;
  /** spent + reserved: what the next reservation is checked against. */
  used: Micros;
  /** Whole percent of the limit used (floored; 100 for a zero limit). */
  percent: number;
  /** The current period, UTC; `periodEnd` null for `total`. */
  periodStart: Date;
  periodEnd: Date | null;
}

function usage(row: BudgetRow, now: number): BudgetUsage {
  const state = rollOver(
    {
      id: row.id,
      name: row.name,
      mode: row.mode,
      period: row.period,
      limit: row.limit,
      spent: row.spent,
      reserved: row.reserved,
      periodStart: row.periodStart.getTime(),
      thresholds: row.thresholds,
      fired: [],
    },
    now,
  );
  const end = periodEndOf(row.period, now);
  return {
    id: row.id,
    name: state.name,
    scope: row.scope,
    period: row.period,
    mode: row.mode,
    limit: state.limit,
    spent: state.spent,
    reserved: state.reserved,
    used: state.spent + state.reserved,
    percent: usedPercent(state),
    periodStart: new Date(state.periodStart),
    periodEnd: end === null ? null : new Date(end),
  };
}

async function ledgerSince(db: PrismaClient, since: number, agentId?: string): Promise<Micros> {
  const result = await db.costEntry.aggregate({
    where: { createdAt: { gte: new Date(since) }, ...(agentId !== undefined && { agentId }) },
    _sum: { amount: true },
  });
  return result._sum.amount ?? 0n;
}

const PERIOD_ORDER = { day: 0, month: 1, total: 2 } as const satisfies Record<BudgetPeriod, number>;

/**
 * One agent's spend today and this month (UTC, from the ledger) and every budget covering it: its
 * own (scope agent) and the global ones, agent budgets first, then by period.
 */
export async function getAgentSpendVsBudgets(
  db: PrismaClient,
  agentId: string,
  now: Date = new Date(),
) {
  const t = now.getTime();
  const dayStart = periodStartOf('day', t);
  const monthStart = periodStartOf('month', t);
  const [today, month, rows] = await Promise.all([
    ledgerSince(db, dayStart, agentId),
    ledgerSince(db, monthStart, agentId),
    db.budget.findMany({
      where: { OR: [{ scope: 'agent', scopeId: agentId }, { scope: 'global' }] },
      select: BUDGET_SELECT,
    }),
  ]);
  const budgets = rows
    .map((row) => usage(row, t))
    .sort(
      (a, b) =>
        Number(b.scope === 'agent') - Number(a.scope === 'agent') ||
        PERIOD_ORDER[a.period] - PERIOD_ORDER[b.period] ||
        a.name.localeCompare(b.name),
    );
  return {
    today,
    month,
    dayStart: new Date(dayStart),
    monthStart: new Date(monthStart),
    budgets,
  };
}
/**
 * The fleet's spend this UTC month (ledger) and the global budget to hold it against: the monthly
 * one, else the all-time one (a daily cap says little about a month). Null when neither exists.
 */
export async function getMonthVsGlobalBudget(db: PrismaClient, now: Date = new Date()) {
  const t = now.getTime();
  const monthStart = periodStartOf('month', t);
  const [month, rows] = await Promise.all([
    ledgerSince(db, monthStart),
    db.budget.findMany({
      where: { scope: 'global', period: { in: ['month', 'total'] } },
      select: BUDGET_SELECT,
      orderBy: { id: 'asc' },
    }),
  ]);
  const row = rows.find((r) => r.period === 'month') ?? rows.find((r) => r.period === 'total');
  return {
    month,
    monthStart: new Date(monthStart),
    budget: row ? usage(row, t) : null,
  };
}
