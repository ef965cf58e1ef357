import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import {
  changeAgentStatus,
  createAgent,
  unregisterAgent,
  updateAgent,
  type AgentInput,
  type Attribution,
} from './agent-mutations';

const db = createTestDb();
afterAll(() => db.$disconnect());

const operator: Attribution = { actor: 'user:00000000-0000-4000-8000-000000000001', userId: null };

function webhookAgent(overrides: Partial<AgentInput> = {}): AgentInput {
  return {
    name: uniqueName('hook'),
    displayName: 'Hook',
    description: '',
    version: '',
    kind: 'webhook',
    endpointUrl: 'http://127.0.0.1:9/hook',
    config: {},
    maxConcurrentTasks: 2,
    weight: 100,
    priceInputPerMTok: 0n,
    priceOutputPerMTok: 0n,
    pricePerCall: 1_500n,
    healthCheckIntervalS: 60,
    autoRecover: false,
    capabilities: [
      {
        name: 'summarize',
        description: '',
        inputTypes: ['text/plain'],
        outputTypes: [],
        tags: ['text'],
        examples: [],
      },
    ],
    ...overrides,
  };
}

async function history(agentId: string) {
  return db.statusTransition.findMany({
    where: { agentId },
    orderBy: { id: 'asc' },
    select: { from: true, to: true, actor: true, reason: true },
  });
}

describe('agent registry writes', () => {
  it('registers an agent with its capabilities, an encrypted secret and a first transition, audited', async () => {
    const { id } = await createAgent(
      db,
      { ...webhookAgent(), secret: 'hook-secret-123' },
      operator,
    );
    const agent = await db.agent.findUniqueOrThrow({
      where: { id },
      include: { capabilities: true },
    });
    expect(agent.capabilities.map((c) => c.name)).toEqual(['summarize']);
    expect(agent.secretCiphertext).toMatch(/^v1\./);
    expect(agent.secretCiphertext).not.toContain('hook-secret-123');
    expect(await history(id)).toEqual([
      { from: null, to: 'ACTIVE', actor: operator.actor, reason: 'Registered' },
    ]);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { targetId: id, action: 'agent.registered' },
    });
    expect(JSON.stringify(audit.metadata)).not.toContain('hook-secret');
  });

  it('refuses a second live agent with the same name, naming the field', async () => {
    const input = webhookAgent();
    await createAgent(db, input, operator);
    await expect(createAgent(db, input, operator)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      fields: { name: expect.any(String) },
    });
  });

  it('walks the lifecycle, refuses illegal moves with the allowed targets, and records every step', async () => {
    const { id } = await createAgent(db, webhookAgent(), operator);
    await changeAgentStatus(db, id, { to: 'MAINTENANCE', reason: 'upgrade' }, operator);
    await expect(
      changeAgentStatus(db, id, { to: 'DEGRADED', reason: 'x' }, operator),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('from MAINTENANCE it can only move to: ACTIVE, FAILED'),
    });
    await changeAgentStatus(db, id, { to: 'ACTIVE', reason: 'done' }, operator);
    expect((await history(id)).map((t) => `${t.from ?? '∅'}→${t.to}`)).toEqual([
      '∅→ACTIVE',
      'ACTIVE→MAINTENANCE',
      'MAINTENANCE→ACTIVE',
    ]);
  });

  it('drains an agent with work in flight instead of cutting it off, and refuses to unregister it', async () => {
    const { id } = await createAgent(db, webhookAgent(), operator);
    await db.agent.update({ where: { id }, data: { inFlight: 2 } });
    const change = await changeAgentStatus(
      db,
      id,
      { to: 'MAINTENANCE', reason: 'upgrade' },
      operator,
    );
    expect(change).toEqual({ from: 'ACTIVE', to: 'DRAINING', draining: true });
    await expect(unregisterAgent(db, id, operator)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('2 tasks in flight'),
    });
  });

  it('serializes concurrent status changes: no lost or out-of-order history', async () => {
    const { id } = await createAgent(db, webhookAgent(), operator);
    const targets = [
      'MAINTENANCE',
      'ACTIVE',
      'DEGRADED',
      'ACTIVE',
      'INACTIVE',
      'ACTIVE',
      'FAILED',
      'MAINTENANCE',
    ] as const;
    // Fire 24 changes at once; some are illegal for whatever state they find, and must be refused.
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        changeAgentStatus(db, id, { to: targets[i % targets.length]!, reason: `r${i}` }, operator),
      ),
    );
    const applied = results.filter((r) => r.status === 'fulfilled').length;
    const steps = await history(id);
    expect(steps).toHaveLength(applied + 1);
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.from).toBe(steps[i - 1]!.to);
    const agent = await db.agent.findUniqueOrThrow({ where: { id } });
    expect(agent.status).toBe(steps.at(-1)!.to);
  });

  it('edits fields, replaces capabilities and the secret, and unregisters keeping history', async () => {
    const { id } = await createAgent(db, { ...webhookAgent(), secret: 'old-secret' }, operator);
    await updateAgent(db, id, { displayName: 'Renamed', secret: null, capabilities: [] }, operator);
    let agent = await db.agent.findUniqueOrThrow({
      where: { id },
      include: { capabilities: true },
    });
    expect(agent).toMatchObject({
      displayName: 'Renamed',
      secretCiphertext: null,
      capabilities: [],
    });

    await unregisterAgent(db, id, operator);
    agent = await db.agent.findUniqueOrThrow({ where: { id }, include: { capabilities: true } });
    expect(agent.deletedAt).not.toBeNull();
    expect(await history(id)).toHaveLength(1);
    // Its name is free again.
    await expect(
      createAgent(db, webhookAgent({ name: agent.name }), operator),
    ).resolves.toBeDefined();
  });
});
