/**
 * Ledger reads for REST: totals grouped by agent / UTC day / kind / capability / request over a
 * window, and the CSV export (keyset pages of 1,000 rows, streamed, so any size is fine).
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import type { PrismaClient } from '@/lib/db/prisma';
import type { CostsQuery } from '@/lib/schemas/costs';

const DAY_MS = 86_400_000;

function window(query: Pick<CostsQuery, 'from' | 'to'>, now = new Date()) {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - 30 * DAY_MS);
  return { from, to };
}

const KEYS = {
  agent: Prisma.sql`c.agent_id::text`,
  day: Prisma.sql`to_char(date_trunc('day', c.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
  kind: Prisma.sql`c.kind::text`,
  capability: Prisma.sql`c.capability`,
  request: Prisma.sql`c.request_id::text`,
} satisfies Record<CostsQuery['groupBy'], Prisma.Sql>;

export async function groupCosts(db: PrismaClient, query: CostsQuery) {
  const { from, to } = window(query);
  const key = KEYS[query.groupBy];
  const rows = await db.$queryRaw<
    {
      key: string | null;
      amount: bigint;
      reported: bigint;
      tokens_in: bigint;
      tokens_out: bigint;
      entries: bigint;
    }[]
  >`
    SELECT ${key} AS key, sum(c.amount_micros)::bigint AS amount,
           coalesce(sum(c.amount_micros) FILTER (WHERE c.is_reported), 0)::bigint AS reported,
           sum(c.tokens_in)::bigint AS tokens_in, sum(c.tokens_out)::bigint AS tokens_out,
           count(*)::bigint AS entries
    FROM cost_entries c
    WHERE c.created_at >= ${from} AND c.created_at < ${to}
    GROUP BY 1 ORDER BY ${query.groupBy === 'day' ? Prisma.sql`1` : Prisma.sql`2 DESC, 1`}
    LIMIT 1000`;
  const agentIds = query.groupBy === 'agent' ? rows.flatMap((r) => (r.key ? [r.key] : [])) : [];
  const agents = agentIds.length
    ? await db.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return {
    groupBy: query.groupBy,
    from: from.toISOString(),
    to: to.toISOString(),
    totalMicros: Number(rows.reduce((sum, r) => sum + r.amount, 0n)),
    groups: rows.map((r) => ({
      key: r.key,
      label: query.groupBy === 'agent' ? (r.key ? (names.get(r.key) ?? r.key) : null) : r.key,
      amountMicros: Number(r.amount),
      reportedMicros: Number(r.reported),
      tokensIn: Number(r.tokens_in),
      tokensOut: Number(r.tokens_out),
      entries: Number(r.entries),
    })),
  };
}

const CSV_HEADER =
  'id,created_at,request_id,task_id,attempt_id,agent,capability,kind,tokens_in,tokens_out,amount_micros,amount_usd,source\n';
const PAGE = 1_000;

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The ledger in the window as CSV, one keyset page at a time (never all rows in memory). */
export function costsCsv(db: PrismaClient, query: Pick<CostsQuery, 'from' | 'to'>) {
  const { from, to } = window(query);
  let after = 0n;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const encoder = new TextEncoder();
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(CSV_HEADER));
      }
      const rows = await db.$queryRaw<
        {
          id: bigint;
          created_at: Date;
          request_id: string | null;
          task_id: string | null;
          attempt_id: string | null;
          agent: string | null;
          capability: string | null;
          kind: string;
          tokens_in: number;
          tokens_out: number;
          amount_micros: bigint;
          is_reported: boolean;
        }[]
      >`
        SELECT c.id, c.created_at, c.request_id::text, c.task_id::text, c.attempt_id::text,
               a.name AS agent, c.capability, c.kind::text, c.tokens_in, c.tokens_out,
               c.amount_micros, c.is_reported
        FROM cost_entries c LEFT JOIN agents a ON a.id = c.agent_id
        WHERE c.created_at >= ${from} AND c.created_at < ${to} AND c.id > ${after}
        ORDER BY c.id LIMIT ${PAGE}`;
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = rows.at(-1)!.id;
      const text = rows
        .map((r) =>
          [
            r.id.toString(),
            r.created_at.toISOString(),
            r.request_id,
            r.task_id,
            r.attempt_id,
            r.agent,
            r.capability,
            r.kind,
            String(r.tokens_in),
            String(r.tokens_out),
            r.amount_micros.toString(),
            `${r.amount_micros / 1_000_000n}.${(r.amount_micros % 1_000_000n).toString().padStart(6, '0')}`,
            r.is_reported ? 'reported' : 'estimated',
          ]
            .map(csvCell)
            .join(','),
        )
        .join('\n');
      controller.enqueue(encoder.encode(`${text}\n`));
    },
  });
}
