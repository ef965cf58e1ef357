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
const DAY_MS = 86_400_000;

/**
 * One agent's spend per UTC day over the last `days` days including today, oldest first and
 * zero-filled, for the agent page's chart.
 */
export async function getAgentDailySpend(
  db: PrismaClient,
  agentId: string,
  { days = 30, now = new Date() }: { days?: number; now?: Date } = {},
): Promise<{ day: string; amount: Micros }[]> {
  const from = periodStartOf('day', now.getTime()) - (days - 1) * DAY_MS;
  const rows = await db.$queryRaw<{ day: string; amount: bigint }[]>`
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           COALESCE(SUM(amount_micros), 0)::bigint AS amount
    FROM cost_entries
    WHERE agent_id = ${agentId}::uuid AND created_at >= ${new Date(from)}
      AND created_at < ${new Date(from + days * DAY_MS)}
    GROUP BY 1`;
  const byDay = new Map(rows.map((row) => [row.day, row.amount]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(from + i * DAY_MS).toISOString().slice(0, 10);
    return { day, amount: byDay.get(day) ?? 0n };
  });
}

/**
 * The fleet's spend today and this month (UTC, from the ledger) and the global budgets to hold them
 * against: the daily one for today; the monthly one, else the all-time one, for the month (a daily
 * cap says little about a month). A budget is null when none exists.
 */
export async function getFleetSpendVsGlobalBudgets(db: PrismaClient, now: Date = new Date()) {
  const t = now.getTime();
  const dayStart = periodStartOf('day', t);
  const monthStart = periodStartOf('month', t);
  const [today, month, rows] = await Promise.all([
    ledgerSince(db, dayStart),
    ledgerSince(db, monthStart),
    db.budget.findMany({
      where: { scope: 'global', capability: null },
      select: BUDGET_SELECT,
      orderBy: { id: 'asc' },
    }),
  ]);
  const day = rows.find((r) => r.period === 'day');
  const row = rows.find((r) => r.period === 'month') ?? rows.find((r) => r.period === 'total');
  return {
    today,
    dayStart: new Date(dayStart),
    dayBudget: day ? usage(day, t) : null,
    month,
    monthStart: new Date(monthStart),
    budget: row ? usage(row, t) : null,
  };
}

/** Whether a `warn` budget's settled spend this period has reached its limit (work goes on). */
export function isWarnBudgetOver(budget: Pick<BudgetUsage, 'mode' | 'spent' | 'limit'>): boolean {
  return budget.mode === 'warn' && budget.spent > 0n && budget.spent >= budget.limit;
}

/**
 * Every `warn` budget over its limit in its current period (UTC; a period that has ended counts as
 * a fresh one), for the Costs page and Overview banner. Most budgets are not `warn`; this reads
 * only those that are.
 */
export async function findWarnBudgetsOver(
  db: PrismaClient,
  now: Date = new Date(),
): Promise<BudgetUsage[]> {
  const rows = await db.budget.findMany({
    where: { mode: 'warn' },
    select: BUDGET_SELECT,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return rows.map((row) => usage(row, now.getTime())).filter(isWarnBudgetOver);
}

export interface WarnOverrun {
  budgetId: string;
  budget: string;
  spent: Micros;
  limit: Micros;
  at: Date;
}

/**
 * The `warn` budgets that went over their limit during this request: the 100 % `budget.threshold`
 * events its calls fired (lib/server/budget/reservations.ts), once per budget, first first.
 */
export async function findRequestWarnOverruns(
  db: PrismaClient,
  requestId: string,
): Promise<WarnOverrun[]> {
  const events = await db.event.findMany({
    where: {
      requestId,
      type: 'budget.threshold',
      AND: [
        { payload: { path: ['mode'], equals: 'warn' } },
        { payload: { path: ['percent'], gte: 100 } },
      ],
    },
    orderBy: { id: 'asc' },
    select: { payload: true, createdAt: true },
  });
  const seen = new Set<string>();
  const overruns: WarnOverrun[] = [];
  for (const event of events) {
    const p = event.payload as Record<string, unknown>;
    if (typeof p.budgetId !== 'string' || seen.has(p.budgetId)) continue;
    seen.add(p.budgetId);
    overruns.push({
      budgetId: p.budgetId,
      budget: typeof p.budget === 'string' ? p.budget : p.budgetId,
      spent: toMicros(p.spent),
      limit: toMicros(p.limit),
      at: event.createdAt,
    });
  }
  return overruns;
}

function toMicros(value: unknown): Micros {
  return typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : 0n;
}
