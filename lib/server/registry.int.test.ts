/**
 * The agent registry end to end against real PostgreSQL and a real A2A agent (official SDK, loopback):
 * registration by URL imports the card's skills; health checks against the stopped agent make it
 * FAILED after N checks with every transition recorded; a changed card raises a drift event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAgentsByCapability } from '@/lib/db/repositories/capabilities';
import { DEFAULT_HEALTH_POLICY } from '@/lib/engine';
import { startTestA2AAgent, skill, type TestA2AAgent } from '@/lib/testing/a2a-agent';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { adapterFor } from './adapters';
import { registerAgent } from './agents';
import { checkAgent, runDueHealthChecks } from './health-monitor';

const db = createTestDb();
const by = { actor: 'system' as const, userId: null };
let agent: TestA2AAgent;

beforeAll(async () => {
  agent = await startTestA2AAgent({
    name: 'Translator',
    skills: [skill('translate', { tags: ['language'] }), skill('detect-language')],
  });
});
afterAll(async () => {
  await agent.stop().catch(() => {});
  await db.$disconnect();
});

async function row(id: string) {
  return db.agent.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      name: true,
      kind: true,
      endpointUrl: true,
      config: true,
      secretCiphertext: true,
      status: true,
      cardDriftAt: true,
    },
  });
}

describe('agent registry with a real A2A agent', () => {
  let id: string;

  it('registers an A2A agent by URL and imports its skills as capabilities', async () => {
    const created = await registerAgent(
      db,
      {
        kind: 'a2a',
        name: uniqueName('translator'),
        endpointUrl: agent.url,
        config: {},
        maxConcurrentTasks: 4,
        weight: 100,
        priceInputPerMTokMicros: 0,
        priceOutputPerMTokMicros: 0,
        pricePerCallMicros: 0,
        healthCheckIntervalS: 5,
        autoRecover: false,
      },
      by,
    );
    id = created.id;
    const stored = await db.agent.findUniqueOrThrow({
      where: { id },
      include: { capabilities: { orderBy: { name: 'asc' } } },
    });
    expect(stored.displayName).toBe('Translator');
    expect(stored.capabilities.map((c) => c.name)).toEqual(['detect-language', 'translate']);
    expect(stored.capabilities.find((c) => c.name === 'translate')?.tags).toEqual(['language']);
    expect(stored.cardHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await findAgentsByCapability(db, 'translate')).map((a) => a.id)).toContain(id);
  });

  it('refuses a URL with no agent card, naming the field', async () => {
    await expect(
      registerAgent(
        db,
        {
          kind: 'a2a',
          name: uniqueName('nothing'),
          endpointUrl: `${agent.url}/missing`,
          config: {},
          maxConcurrentTasks: 1,
          weight: 1,
          priceInputPerMTokMicros: 0,
          priceOutputPerMTokMicros: 0,
          pricePerCallMicros: 0,
          healthCheckIntervalS: 60,
          autoRecover: false,
        },
        by,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { endpointUrl: expect.stringContaining('agent-card.json') },
    });
  });

  it('stays ACTIVE while the agent answers, with each check stored', async () => {
    const result = await checkAgent(db, await row(id), { adapters: adapterFor });
    expect(result.ok).toBe(true);
    expect((await row(id)).status).toBe('ACTIVE');
    expect(await db.healthCheck.count({ where: { agentId: id, ok: true } })).toBe(1);
  });

  it('raises a drift event when the card’s skills change, once', async () => {
    agent.card.skills = [...agent.card.skills, skill('summarize')];
    await checkAgent(db, await row(id), { adapters: adapterFor });
    await checkAgent(db, await row(id), { adapters: adapterFor });
    const events = await db.event.findMany({ where: { type: 'agent.card_drift' } });
    const mine = events.filter((e) => (e.payload as { agentId?: string }).agentId === id);
    expect(mine).toHaveLength(1);
    expect((mine[0]!.payload as { skills: string[] }).skills).toContain('summarize');
    expect((await row(id)).cardDriftAt).not.toBeNull();
  });

  it('goes FAILED after N failed checks once the agent is stopped, recording the transition', async () => {
    await agent.stop();
    const n = DEFAULT_HEALTH_POLICY.failureThreshold;
    for (let i = 1; i <= n; i++) {
      const result = await checkAgent(db, await row(id), { adapters: adapterFor });
      expect(result.ok).toBe(false);
      expect((await row(id)).status).toBe(i < n ? 'ACTIVE' : 'FAILED');
    }
    const last = await db.statusTransition.findFirstOrThrow({
      where: { agentId: id },
      orderBy: { id: 'desc' },
    });
    expect(last).toMatchObject({ from: 'ACTIVE', to: 'FAILED', actor: 'health_check' });
    expect(last.reason).toContain(`${n} consecutive health checks failed`);
    const failures = await db.healthCheck.findMany({ where: { agentId: id, ok: false } });
    expect(failures).toHaveLength(n);
    expect(failures[0]!.error).toBeTruthy();
  });

  it('claims due agents once across concurrent monitors', async () => {
    await db.agent.update({ where: { id }, data: { lastHealthCheckAt: null } });
    const before = await db.healthCheck.count({ where: { agentId: id } });
    const checked = await Promise.all(
      [1, 2, 3].map(() => runDueHealthChecks(db, { adapters: adapterFor })),
    );
    expect(await db.healthCheck.count({ where: { agentId: id } })).toBe(before + 1);
    expect(checked.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });
});
