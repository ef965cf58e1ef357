import type { PrismaClient } from '@/lib/db/prisma';
import { findTransitionsSince } from '@/lib/db/repositories/agents';
import { bucketUptime, computeUptime } from '@/lib/engine';
import { AppError } from '@/lib/errors';

export type UptimeWindow = '24h' | '7d' | '30d';
const WINDOW_MS: Record<UptimeWindow, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** An agent's uptime over a window, with per-bucket ratios for the chart. */
export async function getAgentUptime(
  db: PrismaClient,
  agentId: string,
  window: UptimeWindow,
  now = new Date(),
) {
  const agent = await db.agent.findFirst({
    where: { id: agentId, deletedAt: null },
    select: { createdAt: true },
  });
  if (!agent) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
  const transitions = await findTransitionsSince(
    db,
    agentId,
    new Date(now.getTime() - WINDOW_MS[window]),
  );
  const summary = computeUptime(transitions, window, now.getTime(), agent.createdAt.getTime());
  const buckets = bucketUptime(transitions, window, now.getTime(), agent.createdAt.getTime());
  return {
    ...summary,
    buckets: buckets.map((b) => ({ from: b.from, to: b.to, uptimeRatio: b.uptimeRatio })),
  };
}
