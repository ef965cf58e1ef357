/**
 * Agent proposals against real PostgreSQL: approval registers an `openai` agent on the planner's
 * endpoint with its secret re-encrypted for the new agent and an audit entry; rejection registers
 * nothing; a proposal is decided once; approval needs the base agent to still be registered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/lib/crypto/secrets';
import { unregisterAgent } from '@/lib/db/repositories/agent-mutations';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { registerAgent } from './agents';
import { decideProposal, listProposals } from './proposals';

const db = createTestDb();
const by = { actor: `user:${randomUUID()}` as const, userId: null };
const BASE_SECRET = 'sk-base-planner-secret-0123456789';
let baseId: string;

async function registerPlanner(
  secret?: string,
  price: {
    model?: string;
    priceProvider?: string;
    priceModel?: string;
    priceInputPerMTokMicros?: number;
    priceOutputPerMTokMicros?: number;
    pricePerCallMicros?: number;
  } = {},
): Promise<string> {
  const { model = 'base-model', ...prices } = price;
  const { id } = await registerAgent(
    db,
    {
      kind: 'openai',
      name: uniqueName('planner'),
      endpointUrl: 'http://127.0.0.1:11434/v1',
      config: { model },
      secret,
      capabilities: [
        { name: 'plan', description: '', inputTypes: [], outputTypes: [], tags: [], examples: [] },
      ],
      maxConcurrentTasks: 4,
      weight: 100,
      priceInputPerMTokMicros: 0,
      priceOutputPerMTokMicros: 0,
      pricePerCallMicros: 0,
      healthCheckIntervalS: 60,
      autoRecover: false,
      ...prices,
    },
    by,
  );
  return id;
}

async function addModelPrice(provider: string, model: string, inputMicros: bigint) {
  await db.modelPrice.create({
    data: {
      provider,
      model,
      inputPerMTok: inputMicros,
      outputPerMTok: inputMicros * 2n,
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
    },
  });
}

const PRICE_SELECT = {
  priceProvider: true,
  priceModel: true,
  priceInputPerMTok: true,
  priceOutputPerMTok: true,
  pricePerCall: true,
} as const;

async function propose(
  overrides: { baseAgentId?: string | null; name?: string; createdAt?: Date } = {},
) {
  const capability = uniqueName('legal_review').replaceAll('-', '_');
  return db.agentProposal.create({
    data: {
      baseAgentId: overrides.baseAgentId === undefined ? baseId : overrides.baseAgentId,
      name: overrides.name ?? uniqueName('legal-reviewer'),
      capability,
      description: 'Reviews contracts for risky clauses.',
      model: 'llama3.1:8b',
      systemPrompt: 'You are a careful contract reviewer.',
      ...(overrides.createdAt && { createdAt: overrides.createdAt }),
    },
  });
}

beforeAll(async () => {
  baseId = await registerPlanner(BASE_SECRET);
});
afterAll(async () => {
  await db.$disconnect();
});

describe('decideProposal: the approved agent inherits the planner model’s price', () => {
  it('references the price-table pair the planner references', async () => {
    const provider = uniqueName('acme');
    await addModelPrice(provider, 'gpt-x', 2_000_000n);
    const planner = await registerPlanner(undefined, {
      priceProvider: provider,
      priceModel: 'gpt-x',
    });
    const proposal = await propose({ baseAgentId: planner });
    const { agentId } = await decideProposal(db, proposal.id, 'approve', by);
    const agent = await db.agent.findUniqueOrThrow({
      where: { id: agentId! },
      select: PRICE_SELECT,
    });
    expect(agent).toMatchObject({ priceProvider: provider, priceModel: 'gpt-x' });
  });

  it('references the price-table row of the planner’s own model when the planner names none', async () => {
    const model = uniqueName('planner-model');
    const provider = uniqueName('acme');
    await addModelPrice(provider, model, 3_000_000n);
    const planner = await registerPlanner(undefined, { model });
    const proposal = await propose({ baseAgentId: planner });
    const { agentId } = await decideProposal(db, proposal.id, 'approve', by);
    const agent = await db.agent.findUniqueOrThrow({
      where: { id: agentId! },
      select: PRICE_SELECT,
    });
    expect(agent).toMatchObject({ priceProvider: provider, priceModel: model });
  });

  it('copies the planner’s own prices when no price-table row applies', async () => {
    const planner = await registerPlanner(undefined, {
      model: uniqueName('unpriced-model'),
      priceInputPerMTokMicros: 1_250_000,
      priceOutputPerMTokMicros: 5_000_000,
      pricePerCallMicros: 700,
    });
    const proposal = await propose({ baseAgentId: planner });
    const { agentId } = await decideProposal(db, proposal.id, 'approve', by);
    const agent = await db.agent.findUniqueOrThrow({
      where: { id: agentId! },
      select: PRICE_SELECT,
    });
    expect(agent).toEqual({
      priceProvider: null,
      priceModel: null,
      priceInputPerMTok: 1_250_000n,
      priceOutputPerMTok: 5_000_000n,
      pricePerCall: 700n,
    });
  });
});

describe('decideProposal', () => {
  it('approves: registers an openai agent on the base endpoint with the secret re-encrypted', async () => {
    const proposal = await propose();
    const decided = await decideProposal(db, proposal.id, 'approve', by);
    expect(decided.status).toBe('approved');

    const agent = await db.agent.findUniqueOrThrow({
      where: { id: decided.agentId! },
      include: { capabilities: true, statusTransitions: true },
    });
    expect(agent).toMatchObject({
      name: proposal.name,
      kind: 'openai',
      status: 'ACTIVE',
      description: proposal.description,
      endpointUrl: 'http://127.0.0.1:11434/v1',
      config: { model: 'llama3.1:8b', systemPrompt: 'You are a careful contract reviewer.' },
    });
    expect(agent.capabilities.map((c) => [c.name, c.description])).toEqual([
      [proposal.capability, proposal.description],
    ]);
    // Bound to the new agent: the base agent's context no longer opens it.
    expect(decryptSecret(agent.secretCiphertext!, `agent:${agent.id}`)).toBe(BASE_SECRET);
    expect(() => decryptSecret(agent.secretCiphertext!, `agent:${baseId}`)).toThrow();
    expect(agent.statusTransitions.map((t) => t.to)).toEqual(['ACTIVE']);

    const stored = await db.agentProposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(stored).toMatchObject({ status: 'approved', agentId: agent.id, decidedBy: by.actor });
    expect(stored.decidedAt).toBeInstanceOf(Date);

    const audit = await db.auditLog.findMany({
      where: { action: 'agent.registered', targetId: agent.id },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: by.actor, targetType: 'agent' });
    expect(JSON.stringify(audit[0]!.metadata)).not.toContain(BASE_SECRET);
  });

  it('registers an agent without a secret when the base agent has none', async () => {
    const plainBase = await registerPlanner();
    const proposal = await propose({ baseAgentId: plainBase });
    const { agentId } = await decideProposal(db, proposal.id, 'approve', by);
    const agent = await db.agent.findUniqueOrThrow({ where: { id: agentId! } });
    expect(agent.secretCiphertext).toBeNull();
  });

  it('rejects: marks the proposal rejected and registers nothing', async () => {
    const proposal = await propose();
    expect(await decideProposal(db, proposal.id, 'reject', by)).toEqual({
      status: 'rejected',
      agentId: null,
    });
    const stored = await db.agentProposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(stored).toMatchObject({ status: 'rejected', agentId: null, decidedBy: by.actor });
    expect(await db.agent.count({ where: { name: proposal.name } })).toBe(0);
  });

  it('refuses to decide a proposal twice', async () => {
    const approved = await propose();
    await decideProposal(db, approved.id, 'approve', by);
    await expect(decideProposal(db, approved.id, 'reject', by)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(decideProposal(db, approved.id, 'approve', by)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await db.agent.count({ where: { name: approved.name, deletedAt: null } })).toBe(1);

    const rejected = await propose();
    await decideProposal(db, rejected.id, 'reject', by);
    await expect(decideProposal(db, rejected.id, 'approve', by)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await db.agent.count({ where: { name: rejected.name } })).toBe(0);
  });

  it('registers one agent when two operators approve at the same time', async () => {
    const proposal = await propose();
    const outcomes = await Promise.allSettled([
      decideProposal(db, proposal.id, 'approve', by),
      decideProposal(db, proposal.id, 'approve', by),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refusal = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await db.agent.count({ where: { name: proposal.name } })).toBe(1);
  });

  it('refuses approval when the base agent is gone, and the proposal stays pending', async () => {
    const doomedBase = await registerPlanner(BASE_SECRET);
    const proposal = await propose({ baseAgentId: doomedBase });
    await unregisterAgent(db, doomedBase, by);
    await expect(decideProposal(db, proposal.id, 'approve', by)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('no longer registered'),
    });
    const orphan = await propose({ baseAgentId: null });
    await expect(decideProposal(db, orphan.id, 'approve', by)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await db.agentProposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe(
      'pending',
    );
    // It can still be rejected.
    expect((await decideProposal(db, proposal.id, 'reject', by)).status).toBe('rejected');
  });

  it('gives the proposal back when the name is taken, so it can be decided later', async () => {
    const name = uniqueName('taken');
    await decideProposal(db, (await propose({ name })).id, 'approve', by);
    const second = await propose({ name });
    await expect(decideProposal(db, second.id, 'approve', by)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    const stored = await db.agentProposal.findUniqueOrThrow({ where: { id: second.id } });
    expect(stored).toMatchObject({ status: 'pending', decidedBy: null, decidedAt: null });
  });

  it('answers NOT_FOUND for an unknown proposal', async () => {
    await expect(
      decideProposal(db, '00000000-0000-7000-8000-000000000000', 'approve', by),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('listProposals', () => {
  it('lists proposals of one status, newest first, naming the base agent while it exists', async () => {
    const older = await propose({ createdAt: new Date(Date.now() - 60_000) });
    const newer = await propose();
    const decided = await propose();
    await decideProposal(db, decided.id, 'reject', by);

    const pending = await listProposals(db, { status: 'pending' });
    const ids = pending.map((p) => p.id);
    expect(ids).toContain(older.id);
    expect(ids).not.toContain(decided.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    const base = await db.agent.findUniqueOrThrow({ where: { id: baseId } });
    expect(pending.find((p) => p.id === newer.id)).toMatchObject({
      name: newer.name,
      capability: newer.capability,
      model: 'llama3.1:8b',
      baseAgent: { id: baseId, name: base.name },
      status: 'pending',
    });

    const all = await listProposals(db);
    expect(all.map((p) => p.id)).toEqual(expect.arrayContaining([older.id, decided.id]));
    expect(all.find((p) => p.id === decided.id)?.status).toBe('rejected');
  });
});
