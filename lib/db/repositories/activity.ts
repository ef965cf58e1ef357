import { AGENT_STATUSES, type AgentStatus, type AttemptStatus } from '@/lib/engine';
import type { PrismaClient } from '../prisma';
import { getSpendSummary } from './overview';
import { summarizeInput } from './requests';

/**
 * The Overview's live activity, as plain JSON (the page renders it first, `GET /api/v1/activity`
 * refreshes it): running requests with their progress, agents by status, spend today, and agent
 * calls finished per minute over the last hour (throughput and error rate).
 */

const HOUR_MS = 3_600_000;
/** Running requests listed by name (the count covers all of them). */
export const RUNNING_SHOWN = 8;

export interface LiveActivity {
  /** ISO time the numbers were read. */
  at: string;
  running: {
    total: number;
    items: {
      id: string;
      summary: string;
      startedAt: string | null;
      tasks: number;
      finished: number;
      active: number;
    }[];
  };
  agents: Record<AgentStatus, number>;
  spendTodayMicros: string;
  /** Attempts finished in the last hour, per UTC minute that had any. */
  lastHour: { minute: string; status: AttemptStatus; count: number }[];
}

export async function getLiveActivity(db: PrismaClient, now = new Date()): Promise<LiveActivity> {
  const since = new Date(now.getTime() - HOUR_MS);
  const [runningTotal, running, agents, spend, minutes] = await Promise.all([
    db.request.count({ where: { status: 'running' } }),
    db.request.findMany({
      where: { status: 'running' },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: RUNNING_SHOWN,
      select: { id: true, input: true, title: true, startedAt: true },
    }),
    db.agent.groupBy({ by: ['status'], where: { deletedAt: null }, _count: { _all: true } }),
    getSpendSummary(db, now),
    db.$queryRaw<{ minute: Date; status: AttemptStatus; count: bigint }[]>`
      SELECT date_trunc('minute', finished_at) AS minute, status, count(*)::bigint AS count
      FROM task_attempts
      WHERE finished_at >= ${since} AND finished_at <= ${now}
      GROUP BY 1, 2
      ORDER BY 1`,
  ]);
  const progress = running.length
    ? await db.task.groupBy({
        by: ['requestId', 'status'],
        where: { requestId: { in: running.map((r) => r.id) } },
        _count: { _all: true },
      })
    : [];
  const byStatus = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<
    AgentStatus,
    number
  >;
  for (const row of agents) byStatus[row.status] = row._count._all;
  return {
    at: now.toISOString(),
    running: {
      total: runningTotal,
      items: running.map((request) => {
        const rows = progress.filter((p) => p.requestId === request.id);
        const count = (statuses: string[]) =>
          rows.filter((p) => statuses.includes(p.status)).reduce((n, p) => n + p._count._all, 0);
        return {
          id: request.id,
          summary: summarizeInput(request.input, request.title),
          startedAt: request.startedAt?.toISOString() ?? null,
          tasks: count([
            'pending',
            'ready',
            'running',
            'retrying',
            'succeeded',
            'failed',
            'cancelled',
            'skipped',
          ]),
          finished: count(['succeeded', 'failed', 'cancelled', 'skipped']),
          active: count(['running', 'retrying']),
        };
      }),
    },
    agents: byStatus,
    spendTodayMicros: spend.today.toString(),
    lastHour: minutes.map((row) => ({
      minute: row.minute.toISOString(),
      status: row.status,
      count: Number(row.count),
    })),
  };
}
