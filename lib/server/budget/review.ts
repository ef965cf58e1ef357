/**
 * Ledger reads for the Costs review page: the spend-over-time series (UTC buckets, by kind or by
 * agent), the top agents / capabilities tables and the estimated-vs-reported totals. Shaping is pure
 * and lives in lib/engine/budget/review.ts; this file only aggregates in SQL.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import type { PrismaClient } from '@/lib/db/prisma';
import { periodEndOf, periodStartOf } from '@/lib/engine/budget/ledger';
import type { BudgetPeriod } from '@/lib/engine/types';
import { burnDownWindow, buildBurnDown, type BurnDown } from '@/lib/engine/budget/burn-down';
import { rangeWindow, shapeSpendSeries, type SpendRange } from '@/lib/engine/budget/review';
import { shapeSpendBuckets, type SpendGranularity } from '@/lib/engine/budget/spend-buckets';

export type SpendStack = 'kind' | 'agent';

/** Spend in the range, bucketed per UTC hour (day range) or UTC day (week / month), stacked. */
export async function getSpendSeries(
  db: PrismaClient,
  opts: { range: SpendRange; by: SpendStack; now?: Date; maxSeries?: number },
) {
  const now = (opts.now ?? new Date()).getTime();
  const { from, to } = rangeWindow(opts.range, now);
  const unit = opts.range === 'day' ? Prisma.sql`'hour'` : Prisma.sql`'day'`;
  const key = opts.by === 'kind' ? Prisma.sql`c.kind::text` : Prisma.sql`c.agent_id::text`;
  const rows = await db.$queryRaw<{ bucket: Date; key: string | null; amount: bigint }[]>`
    SELECT date_trunc(${unit}, c.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
           ${key} AS key, sum(c.amount_micros)::bigint AS amount
    FROM cost_entries c
    WHERE c.created_at >= ${new Date(from)} AND c.created_at < ${new Date(to)}
    GROUP BY 1, 2`;
  const labels = new Map<string, string>();
  if (opts.by === 'agent') {
    const ids = [...new Set(rows.flatMap((r) => (r.key ? [r.key] : [])))];
    const agents = ids.length
      ? await db.agent.findMany({
          where: { id: { in: ids } },
          select: { id: true, displayName: true },
        })
      : [];
    for (const a of agents) labels.set(a.id, a.displayName);
  }
  return shapeSpendSeries(
    rows.map((r) => ({ bucket: r.bucket.getTime(), key: r.key, amount: r.amount })),
    {
      range: opts.range,
      now,
      labels,
      maxSeries: opts.maxSeries,
      noneLabel: opts.by === 'agent' ? 'No agent (planning, routing)' : 'None',
    },
  );
}

export interface TopRow {
  key: string | null;
  label: string;
  amount: bigint;
  reported: bigint;
  entries: number;
}

/** The largest spenders in [from, to) by agent or capability, with their reported part. */
export async function getTopSpenders(
  db: PrismaClient,
  opts: { by: 'agent' | 'capability'; from: Date; to: Date; limit?: number },
): Promise<TopRow[]> {
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
  const key = opts.by === 'agent' ? Prisma.sql`c.agent_id::text` : Prisma.sql`c.capability`;
  const rows = await db.$queryRaw<
    { key: string | null; amount: bigint; reported: bigint; entries: bigint }[]
  >`
    SELECT ${key} AS key, sum(c.amount_micros)::bigint AS amount,
           coalesce(sum(c.amount_micros) FILTER (WHERE c.is_reported), 0)::bigint AS reported,
           count(*)::bigint AS entries
    FROM cost_entries c
    WHERE c.created_at >= ${opts.from} AND c.created_at < ${opts.to}
    GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST LIMIT ${limit}`;
  const ids = opts.by === 'agent' ? rows.flatMap((r) => (r.key ? [r.key] : [])) : [];
  const agents = ids.length
    ? await db.agent.findMany({
        where: { id: { in: ids } },
        select: { id: true, displayName: true },
      })
    : [];
  const names = new Map(agents.map((a) => [a.id, a.displayName]));
  return rows.map((r) => ({
    key: r.key,
    label:
      r.key === null
        ? opts.by === 'agent'
          ? 'No agent (planning, routing)'
          : 'No capability'
        : (names.get(r.key) ?? r.key),
    amount: r.amount,
    reported: r.reported,
    entries: Number(r.entries),
  }));
}

/** Total and reported spend in [from, to): the page total the CSV export must match. */
export async function getSpendSplit(db: PrismaClient, opts: { from: Date; to: Date }) {
  const [row] = await db.$queryRaw<{ total: bigint; reported: bigint; entries: bigint }[]>`
    SELECT coalesce(sum(c.amount_micros), 0)::bigint AS total,
           coalesce(sum(c.amount_micros) FILTER (WHERE c.is_reported), 0)::bigint AS reported,
           count(*)::bigint AS entries
    FROM cost_entries c
    WHERE c.created_at >= ${opts.from} AND c.created_at < ${opts.to}`;
  return {
    total: row?.total ?? 0n,
    reported: row?.reported ?? 0n,
    estimated: (row?.total ?? 0n) - (row?.reported ?? 0n),
    entries: Number(row?.entries ?? 0n),
  };
}

/**
 * Spend in [from, to) per UTC day, ISO week or UTC month, stacked by kind or agent (the chart of
 * the Costs review with a chosen date range).
 */
export async function getSpendSeriesBetween(
  db: PrismaClient,
  opts: { from: Date; to: Date; granularity: SpendGranularity; by: SpendStack; maxSeries?: number },
) {
  const unit = Prisma.raw(`'${opts.granularity}'`);
  const key = opts.by === 'kind' ? Prisma.sql`c.kind::text` : Prisma.sql`c.agent_id::text`;
  const rows = await db.$queryRaw<{ bucket: Date; key: string | null; amount: bigint }[]>`
    SELECT date_trunc(${unit}, c.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
           ${key} AS key, sum(c.amount_micros)::bigint AS amount
    FROM cost_entries c
    WHERE c.created_at >= ${opts.from} AND c.created_at < ${opts.to}
    GROUP BY 1, 2`;
  const labels = opts.by === 'agent' ? await agentLabels(db, rows) : new Map<string, string>();
  return shapeSpendBuckets(
    rows.map((r) => ({ bucket: r.bucket.getTime(), key: r.key, amount: r.amount })),
    {
      from: opts.from.getTime(),
      to: opts.to.getTime(),
      granularity: opts.granularity,
      labels,
      maxSeries: opts.maxSeries,
      noneLabel: opts.by === 'agent' ? 'No agent (planning, routing)' : 'None',
    },
  );
}

async function agentLabels(db: PrismaClient, rows: readonly { key: string | null }[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.key ? [r.key] : [])))];
  const agents = ids.length
    ? await db.agent.findMany({
        where: { id: { in: ids } },
        select: { id: true, displayName: true },
      })
    : [];
  return new Map(agents.map((a) => [a.id, a.displayName]));
}

export interface BurnDownBudget {
  scope: 'global' | 'agent' | 'capability' | 'request';
  scopeId: string | null;
  capability: string | null;
  period: BudgetPeriod;
  limit: bigint;
  spent: bigint;
  reserved: bigint;
  periodStart: Date;
}

/** Ledger rows a budget covers, as SQL (the same scopes reservations use). */
function scopeFilter(budget: BurnDownBudget): Prisma.Sql {
  switch (budget.scope) {
    case 'global':
      return Prisma.sql`TRUE`;
    case 'agent':
      return Prisma.sql`c.agent_id = ${budget.scopeId}::uuid`;
    case 'request':
      return Prisma.sql`c.request_id = ${budget.scopeId}::uuid`;
    case 'capability':
      return Prisma.sql`lower(c.capability) = lower(${budget.capability})`;
  }
}

/** One budget's burn-down through its current period and its forecast (lib/engine/budget/burn-down). */
export async function getBudgetBurnDown(
  db: PrismaClient,
  budget: BurnDownBudget,
  now: Date = new Date(),
): Promise<BurnDown> {
  const t = now.getTime();
  // The row's period may be stale (it rolls over on the next reservation): use the current one.
  const periodStart = periodStartOf(budget.period, t);
  const isCurrent = budget.period === 'total' || budget.periodStart.getTime() === periodStart;
  const periodEnd = periodEndOf(budget.period, t);
  const { chartStart, bucketMs } = burnDownWindow(budget.period, periodStart, periodEnd, t);
  const unit = Prisma.raw(bucketMs === 3_600_000 ? `'hour'` : `'day'`);
  const where = scopeFilter(budget);
  const [buckets, [rates]] = await Promise.all([
    db.$queryRaw<{ bucket: Date; amount: bigint }[]>`
      SELECT date_trunc(${unit}, c.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
             sum(c.amount_micros)::bigint AS amount
      FROM cost_entries c
      WHERE ${where} AND c.created_at >= ${new Date(chartStart)} AND c.created_at <= ${now}
      GROUP BY 1`,
    db.$queryRaw<{ last_hour: bigint; last_day: bigint }[]>`
      SELECT
        coalesce(sum(c.amount_micros) FILTER (WHERE c.created_at > ${new Date(t - 3_600_000)}), 0)::bigint AS last_hour,
        coalesce(sum(c.amount_micros), 0)::bigint AS last_day
      FROM cost_entries c
      WHERE ${where} AND c.created_at > ${new Date(t - 86_400_000)} AND c.created_at <= ${now}`,
  ]);
  return buildBurnDown({
    period: budget.period,
    limit: budget.limit,
    spent: isCurrent ? budget.spent : 0n,
    reserved: budget.reserved,
    periodStart,
    periodEnd,
    now: t,
    buckets: buckets.map((b) => ({ at: b.bucket.getTime(), amount: b.amount })),
    spentLastHour: rates?.last_hour ?? 0n,
    spentLastDay: rates?.last_day ?? 0n,
  });
}
