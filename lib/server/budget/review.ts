/**
 * Ledger reads for the Costs review page: the spend-over-time series (UTC buckets, by kind or by
 * agent), the top agents / capabilities tables and the estimated-vs-reported totals. Shaping is pure
 * and lives in lib/engine/budget/review.ts; this file only aggregates in SQL.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import type { PrismaClient } from '@/lib/db/prisma';
import { rangeWindow, shapeSpendSeries, type SpendRange } from '@/lib/engine/budget/review';

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
