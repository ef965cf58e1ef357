import {
  AGENT_STATUSES,
  REQUEST_STATUSES,
  type AgentStatus,
  type RequestStatus,
} from '@/lib/engine';
import type { PrismaClient } from '../prisma';
import { summarizeInput } from './requests';

const DAY_MS = 86_400_000;

export interface FleetSummary {
  total: number;
  byStatus: Record<AgentStatus, number>;
  capabilityCount: number;
  attention: {
    id: string;
    name: string;
    displayName: string;
    status: AgentStatus;
    reason: string | null;
  }[];
}

export interface RequestSummary {
  last24h: Record<RequestStatus, number>;
  recent: {
    id: string;
    summary: string;
    status: RequestStatus;
    costTotal: bigint;
    createdAt: Date;
  }[];
}

export interface SpendSummary {
  today: bigint;
  last7Days: { day: string; amount: bigint }[];
}

export interface Overview {
  fleet: FleetSummary;
  requests: RequestSummary;
  spend: SpendSummary;
}

/** Everything the Overview page shows, read in parallel. `now` is injectable for tests. */
export async function getOverview(db: PrismaClient, now: Date = new Date()): Promise<Overview> {
  const [fleet, requests, spend] = await Promise.all([
    getFleetSummary(db),
    getRequestSummary(db, now),
    getSpendSummary(db, now),
  ]);
  return { fleet, requests, spend };
}

export async function getFleetSummary(db: PrismaClient): Promise<FleetSummary> {
  const [grouped, capabilityNames, attention] = await Promise.all([
    db.agent.groupBy({ by: ['status'], where: { deletedAt: null }, _count: { _all: true } }),
    db.capability.findMany({
      where: { agent: { deletedAt: null } },
      distinct: ['name'],
      select: { name: true },
    }),
    db.agent.findMany({
      where: { deletedAt: null, status: { in: ['FAILED', 'DEGRADED'] } },
      select: { id: true, name: true, displayName: true, status: true, statusReason: true },
      orderBy: { statusChangedAt: 'desc' },
      take: 5,
    }),
  ]);
  const byStatus = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<
    AgentStatus,
    number
  >;
  for (const row of grouped) byStatus[row.status] = row._count._all;
  return {
    total: grouped.reduce((sum, row) => sum + row._count._all, 0),
    byStatus,
    capabilityCount: capabilityNames.length,
    attention: attention.map(({ statusReason, ...agent }) => ({ ...agent, reason: statusReason })),
  };
}

export async function getRequestSummary(db: PrismaClient, now: Date): Promise<RequestSummary> {
  const since = new Date(now.getTime() - DAY_MS);
  const [grouped, recent] = await Promise.all([
    db.request.groupBy({
      by: ['status'],
      where: { createdAt: { gte: since } },
      _count: { _all: true },
    }),
    db.request.findMany({
      select: {
        id: true,
        input: true,
        title: true,
        status: true,
        costTotal: true,
        createdAt: true,
      },
      orderBy: { createdAt: 'desc' },
      take: 5,
    }),
  ]);
  const last24h = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<
    RequestStatus,
    number
  >;
  for (const row of grouped) last24h[row.status] = row._count._all;
  return {
    last24h,
    recent: recent.map(({ input, title, ...request }) => ({
      ...request,
      summary: summarizeInput(input, title),
    })),
  };
}

/** Spend per UTC day for the last 7 days (oldest first, zero-filled) and today's total. */
export async function getSpendSummary(db: PrismaClient, now: Date): Promise<SpendSummary> {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(todayStart - 6 * DAY_MS);
  const rows = await db.$queryRaw<{ day: string; amount: bigint }[]>`
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           COALESCE(SUM(amount_micros), 0)::bigint AS amount
    FROM cost_entries
    WHERE created_at >= ${from}
    GROUP BY 1`;
  const byDay = new Map(rows.map((row) => [row.day, row.amount]));
  const last7Days = Array.from({ length: 7 }, (_, i) => {
    const day = isoDay(new Date(from.getTime() + i * DAY_MS));
    return { day, amount: byDay.get(day) ?? 0n };
  });
  return { today: last7Days.at(-1)!.amount, last7Days };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
