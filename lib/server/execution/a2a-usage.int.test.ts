/**
 * Usage an A2A agent reports in metadata (ADR 0054), end to end: an SDK-built A2A agent on loopback
 * (lib/testing/a2a-agent.ts), registered as an `a2a` agent, runs a request through the real queue
 * and worker; the attempt and the ledger record the tokens and the cost the agent reported. Malformed
 * usage is ignored with a warning and the cost is estimated from pricing instead.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { a2aAdapter } from '@/lib/agents/a2a';
import { logger } from '@/lib/logger';
import { startTestA2AAgent, type TestA2AAgent } from '@/lib/testing/a2a-agent';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { registerAgent, waitForRequest } from '@/lib/testing/execution';
import { submitRequest } from './submit';
import { startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
let worker: WorkerHandle;
const agents: TestA2AAgent[] = [];

beforeAll(async () => {
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 2,
    pollIntervalMs: 100,
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await worker?.stop(1_000);
  await Promise.all(agents.map((agent) => agent.stop()));
  await db.$disconnect();
});

async function agentReporting(completionMetadata: Record<string, unknown>) {
  const agent = await startTestA2AAgent({ completionMetadata });
  agents.push(agent);
  return agent;
}

/** Registers `agent` (priced at 700 µ$ per call) and runs one task on it; returns its ledger row. */
async function runOn(agent: TestA2AAgent) {
  const capability = uniqueName('echo');
  const registered = await registerAgent(db, {
    kind: 'a2a',
    endpointUrl: agent.url,
    capabilities: [capability],
    pricePerCall: 700n,
  });
  const { id } = await submitRequest(
    db,
    { workflow: { tasks: [{ ref: 'echo', capability, input: 'hello' }] } },
    { userId: null, label: 'test' },
  );
  const request = await waitForRequest(db, id);
  expect(request.status).toBe('succeeded');
  const attempt = await db.taskAttempt.findFirstOrThrow({
    where: { task: { requestId: id }, agentId: registered.id },
    select: { id: true, tokensIn: true, tokensOut: true, cost: true },
  });
  const entry = await db.costEntry.findUniqueOrThrow({
    where: { attemptId: attempt.id },
    select: { amount: true, tokensIn: true, tokensOut: true, isReported: true },
  });
  return { request, attempt, entry };
}

describe('usage reported by an A2A agent', () => {
  it('is recorded as the attempt’s reported cost and tokens', async () => {
    const agent = await agentReporting({
      usage: { inputTokens: 1200, outputTokens: 340, costMicros: 2150 },
    });
    const { request, attempt, entry } = await runOn(agent);
    expect(attempt).toMatchObject({ tokensIn: 1200, tokensOut: 340, cost: 2150n });
    expect(entry).toEqual({ amount: 2150n, tokensIn: 1200, tokensOut: 340, isReported: true });
    expect(request.costTotal).toBe(2150n);
  });

  it('reaches the adapter whether the agent streams or is polled, in dollars too', async () => {
    const agent = await agentReporting({ usage: { prompt_tokens: 9, costUsd: '0.0042' } });
    for (const streaming of ['auto', 'off'] as const) {
      const result = await a2aAdapter.invoke(
        {
          id: 'a1',
          name: 'usage-agent',
          kind: 'a2a',
          endpointUrl: agent.url,
          config: { streaming },
          secret: null,
        },
        {
          taskId: 't1',
          attempt: 1,
          idempotencyKey: crypto.randomUUID(),
          capability: 'echo',
          input: { text: 'hi' },
          signal: new AbortController().signal,
          timeoutMs: 10_000,
        },
      );
      expect(result).toMatchObject({
        ok: true,
        text: 'echo: hi',
        usage: { tokensIn: 9, tokensOut: 0 },
        reportedCostMicros: 4200n,
      });
    }
  });

  it('is ignored with a warning when malformed: the task succeeds, the cost is estimated', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const agent = await agentReporting({
      usage: { inputTokens: 'lots', outputTokens: -1, costMicros: { amount: 5 } },
    });
    const { attempt, entry } = await runOn(agent);
    expect(attempt).toMatchObject({ tokensIn: 0, tokensOut: 0, cost: 700n });
    expect(entry).toMatchObject({ amount: 700n, isReported: false });
    const warning = warn.mock.calls.find(
      ([, message]) => message === 'ignored malformed usage metadata from an A2A agent',
    );
    expect(warning?.[0]).toMatchObject({
      problems: [
        'usage.inputTokens must be a whole number of tokens, not "lots"',
        'usage.outputTokens must be a whole number of tokens, not -1',
        'usage.costMicros must be whole micro-dollars (at most 10^12), not {"amount":5}',
      ],
    });
  });
});
