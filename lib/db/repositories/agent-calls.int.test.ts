import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CIRCUIT_BREAKER_OPTIONS } from '@/lib/engine';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { acquireAgentSlot, releaseAgentSlot } from './agent-calls';
import { changeAgentStatus, createAgent, type AgentInput } from './agent-mutations';

const db = createTestDb();
afterAll(() => db.$disconnect());
const by = { actor: 'system' as const, userId: null };

async function newAgent(maxConcurrentTasks = 2) {
  const input: AgentInput = {
    name: uniqueName('worker'),
    displayName: 'Worker',
    description: '',
    version: '',
    kind: 'webhook',
    endpointUrl: 'http://127.0.0.1:9/hook',
    config: {},
    maxConcurrentTasks,
    weight: 100,
    priceInputPerMTok: 0n,
    priceOutputPerMTok: 0n,
    pricePerCall: 0n,
    healthCheckIntervalS: 60,
    autoRecover: false,
    capabilities: [],
  };
  return (await createAgent(db, input, by)).id;
}

const agentRow = (id: string) => db.agent.findUniqueOrThrow({ where: { id } });

describe('agent call slots', () => {
  it('never books an agent beyond its concurrency, even when asked concurrently', async () => {
    const id = await newAgent(3);
    const results = await Promise.all(Array.from({ length: 10 }, () => acquireAgentSlot(db, id)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'capacity' });
    expect((await agentRow(id)).inFlight).toBe(3);
  });

  it('keeps EWMA latency and success rate from real outcomes', async () => {
    const id = await newAgent();
    await acquireAgentSlot(db, id);
    await releaseAgentSlot(db, id, { ok: true, latencyMs: 100, errorKind: null });
    await acquireAgentSlot(db, id);
    await releaseAgentSlot(db, id, { ok: true, latencyMs: 200, errorKind: null });
    await acquireAgentSlot(db, id);
    await releaseAgentSlot(db, id, { ok: false, latencyMs: 5, errorKind: 'server' });
    const agent = await agentRow(id);
    expect(agent.inFlight).toBe(0);
    expect(agent.ewmaLatencyMs).toBeCloseTo(120); // 100, then 0.2·200 + 0.8·100; failures do not count
    expect(agent.successRate).toBeCloseTo(0.8); // 1, 1, then 0.2·0 + 0.8·1
    expect(agent.totalCalls).toBe(3n);
    expect(agent.failedCalls).toBe(1n);
  });

  it('opens the circuit after repeated failures, half-opens for one trial later, closes on success', async () => {
    const id = await newAgent(10);
    const t0 = new Date('2026-06-01T12:00:00Z');
    for (let i = 0; i < DEFAULT_CIRCUIT_BREAKER_OPTIONS.failureThreshold; i++) {
      expect((await acquireAgentSlot(db, id, t0)).ok).toBe(true);
      await releaseAgentSlot(db, id, { ok: false, latencyMs: 10, errorKind: 'network' }, t0);
    }
    expect((await agentRow(id)).circuitState).toBe('open');
    const refused = await acquireAgentSlot(db, id, new Date(t0.getTime() + 1_000));
    expect(refused).toMatchObject({ ok: false, reason: 'circuit' });

    const later = new Date(t0.getTime() + DEFAULT_CIRCUIT_BREAKER_OPTIONS.openDurationMs);
    expect((await acquireAgentSlot(db, id, later)).ok).toBe(true); // the trial
    expect((await agentRow(id)).circuitState).toBe('half_open');
    expect(await acquireAgentSlot(db, id, later)).toMatchObject({ ok: false, reason: 'circuit' });
    await releaseAgentSlot(db, id, { ok: true, latencyMs: 50, errorKind: null }, later);
    expect((await agentRow(id)).circuitState).toBe('closed');
  });

  it('does not count a call Baton cancelled against the agent', async () => {
    const id = await newAgent();
    await acquireAgentSlot(db, id);
    await releaseAgentSlot(db, id, { ok: false, latencyMs: 10, errorKind: 'cancelled' });
    const agent = await agentRow(id);
    expect(agent).toMatchObject({
      inFlight: 0,
      totalCalls: 0n,
      circuitFailures: 0,
      successRate: null,
    });
  });

  it('offers no new work to an agent in maintenance, and completes a drain when its last call ends', async () => {
    const id = await newAgent();
    expect((await acquireAgentSlot(db, id)).ok).toBe(true);
    const change = await changeAgentStatus(db, id, { to: 'MAINTENANCE', reason: 'upgrade' }, by);
    expect(change.to).toBe('DRAINING');
    expect(await acquireAgentSlot(db, id)).toMatchObject({ ok: false, reason: 'status' });

    await releaseAgentSlot(db, id, { ok: true, latencyMs: 30, errorKind: null });
    expect((await agentRow(id)).status).toBe('MAINTENANCE');
    const last = await db.statusTransition.findFirstOrThrow({
      where: { agentId: id },
      orderBy: { id: 'desc' },
    });
    expect(last).toMatchObject({ from: 'DRAINING', to: 'MAINTENANCE', actor: 'system' });
  });
});
