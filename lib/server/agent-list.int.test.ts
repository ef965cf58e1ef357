import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '@/lib/engine';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { findUptimeRatios } from './agent-list';

const db = createTestDb();
const HOUR = 3_600_000;
const now = new Date(Date.UTC(2026, 5, 1, 12));
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
const agents: { id: string; createdAt: Date }[] = [];

/** An agent registered three days ago with these transitions (oldest first, as they happened). */
async function agentWith(history: [AgentStatus, number][]) {
  const agent = await db.agent.create({
    data: {
      name: uniqueName('uptime'),
      displayName: 'Uptime',
      kind: 'builtin',
      createdAt: ago(72),
    },
    select: { id: true, createdAt: true },
  });
  for (const [to, hoursAgo] of history) {
    await db.statusTransition.create({
      data: { agentId: agent.id, to, reason: 'test', actor: 'system', createdAt: ago(hoursAgo) },
    });
  }
  return agent;
}

beforeAll(async () => {
  // Down for the first half of the window: its last change before the window (FAILED) counts,
  // not the older ACTIVE.
  agents.push(
    await agentWith([
      ['ACTIVE', 72],
      ['FAILED', 48],
      ['ACTIVE', 12],
    ]),
  );
  // Up until six hours ago.
  agents.push(
    await agentWith([
      ['ACTIVE', 72],
      ['FAILED', 6],
    ]),
  );
  // No history at all: up since registration.
  agents.push(await agentWith([]));
  // Not asked for: its downtime must not leak into the others.
  await agentWith([
    ['FAILED', 30],
    ['INACTIVE', 3],
  ]);
});

afterAll(async () => {
  await db.$disconnect();
});

describe('findUptimeRatios', () => {
  it('computes each agent’s 24 h uptime from its status at the window start and its changes', async () => {
    const ratios = await findUptimeRatios(db, agents, '24h', now);
    expect(agents.map((agent) => ratios.get(agent.id))).toEqual([0.5, 0.75, 1]);
  });

  it('reads nothing for an empty page', async () => {
    expect((await findUptimeRatios(db, [], '24h', now)).size).toBe(0);
  });
});
