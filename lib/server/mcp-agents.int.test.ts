/**
 * MCP servers as agents, end to end: real PostgreSQL, the real queue and worker, and a real MCP
 * server built with the official SDK on loopback (lib/testing/mcp-server.ts). Registration by URL
 * imports the tools as capabilities; a workflow task calls a tool and gets its result; an `isError`
 * result fails the attempt with a classified error; a changed tool list raises one drift event;
 * cancelling a request sends the MCP cancellation notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAgentsByCapability } from '@/lib/db/repositories/capabilities';
import type { RegisterAgentPayload } from '@/lib/schemas/agents';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { waitFor, waitForRequest } from '@/lib/testing/execution';
import { startTestMcpServer, type TestMcpServer } from '@/lib/testing/mcp-server';
import { adapterFor } from './adapters';
import { acknowledgeDrift, editAgent, registerAgent } from './agents';
import { cancelRequest } from './execution/control';
import { submitRequest, type Submitter } from './execution/submit';
import { startWorker, type WorkerHandle } from './execution/worker';
import { checkAgent } from './health-monitor';

const db = createTestDb();
const by = { actor: 'system' as const, userId: null };
const submitter: Submitter = { userId: null, label: 'test' };
let tools: TestMcpServer;
let worker: WorkerHandle;
let toolsAgentId: string;

function payload(url: string, overrides: Partial<RegisterAgentPayload> = {}): RegisterAgentPayload {
  return {
    kind: 'mcp',
    name: uniqueName('mcp'),
    endpointUrl: url,
    config: {},
    maxConcurrentTasks: 4,
    weight: 100,
    priceInputPerMTokMicros: 0,
    priceOutputPerMTokMicros: 0,
    pricePerCallMicros: 2_500,
    healthCheckIntervalS: 60,
    autoRecover: false,
    ...overrides,
  } as RegisterAgentPayload;
}

const agentRow = (id: string) =>
  db.agent.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      name: true,
      kind: true,
      endpointUrl: true,
      config: true,
      secretCiphertext: true,
      cardDriftAt: true,
    },
  });

const attemptsOf = (requestId: string) =>
  db.taskAttempt.findMany({ where: { task: { requestId } }, orderBy: { number: 'asc' } });

beforeAll(async () => {
  tools = await startTestMcpServer({ tools: ['add', 'shout', 'explode', 'hang'] });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    pollIntervalMs: 100,
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await tools?.stop();
  await db.$disconnect();
});

describe('an MCP server as an agent', () => {
  it('registers by URL: each tool becomes a capability with its input schema', async () => {
    const created = await registerAgent(db, payload(tools.url), by);
    toolsAgentId = created.id;
    expect(created.capabilities).toBe(4);
    const stored = await db.agent.findUniqueOrThrow({
      where: { id: created.id },
      include: { capabilities: { orderBy: { name: 'asc' } } },
    });
    expect(stored.kind).toBe('mcp');
    expect(stored.displayName).toBe('test-tools');
    expect(stored.version).toBe('1.2.3');
    expect(stored.description).toBe('Arithmetic and text tools for tests.');
    expect(stored.capabilities.map((c) => c.name)).toEqual(['add', 'explode', 'hang', 'shout']);
    const add = stored.capabilities.find((c) => c.name === 'add')!;
    expect(add.description).toBe('Adds two numbers.');
    expect(add.tags).toEqual(['mcp', 'read-only']);
    expect(add.inputSchema).toMatchObject({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
    // A single string property: plain text input is accepted.
    expect(stored.capabilities.find((c) => c.name === 'shout')!.inputTypes).toContain('text/plain');
    expect(stored.cardHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await findAgentsByCapability(db, 'shout')).map((a) => a.id)).toContain(created.id);
  });

  it('refuses a URL that is not an MCP server, naming the field', async () => {
    await expect(
      registerAgent(db, payload(tools.url.replace('/mcp', '/nothing')), by),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { endpointUrl: expect.stringContaining('HTTP 404') },
    });
  });

  it('sends the bearer secret, and a wrong one fails registration as an auth problem', async () => {
    const guarded = await startTestMcpServer({ tools: ['shout'], secret: 'mcp-secret-123456' });
    try {
      await expect(
        registerAgent(db, payload(guarded.url, { secret: 'wrong-secret' }), by),
      ).rejects.toMatchObject({
        fields: { endpointUrl: expect.stringContaining("check the agent's secret") },
      });
      const created = await registerAgent(
        db,
        payload(guarded.url, { secret: 'mcp-secret-123456' }),
        by,
      );
      expect(created.capabilities).toBe(1);
      const row = await agentRow(created.id);
      expect(row.secretCiphertext).not.toContain('mcp-secret-123456');
      await db.agent.update({ where: { id: created.id }, data: { status: 'MAINTENANCE' } });
    } finally {
      await guarded.stop();
    }
  });

  it('refuses capabilities typed in for an MCP server, and edits of them', async () => {
    await expect(
      editAgent(
        db,
        toolsAgentId,
        {
          capabilities: [
            {
              name: 'other',
              description: '',
              inputTypes: [],
              outputTypes: [],
              tags: [],
              examples: [],
            },
          ],
        },
        by,
      ),
    ).rejects.toMatchObject({ fields: { capabilities: expect.stringContaining('its tools') } });
  });

  it('runs a workflow task through tools/call: JSON input as arguments, structured output', async () => {
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'sum', capability: 'add', input: { a: 2, b: 40 } }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [attempt] = await attemptsOf(id);
    expect(attempt!.output).toEqual({ sum: 42 });
    expect(tools.calls.at(-1)).toEqual({ tool: 'add', arguments: { a: 2, b: 40 } });
    // The per-call price is recorded as a tool cost.
    const costs = await db.costEntry.findMany({ where: { requestId: id } });
    expect(costs.map((c) => [c.kind, c.amount])).toEqual([['tool', 2_500n]]);
  });

  it('passes a text input as the one string argument of the tool', async () => {
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'loud', capability: 'shout', input: 'hello tools' }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [attempt] = await attemptsOf(id);
    expect(attempt!.output).toBe('HELLO TOOLS');
  });

  it('fails an isError result with a classified error carrying the tool’s message', async () => {
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'boom', capability: 'explode', maxAttempts: 1 }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    const [attempt] = await attemptsOf(id);
    expect(attempt!.status).toBe('failed');
    expect(attempt!.errorKind).toBe('server');
    expect(attempt!.error).toContain('the tool broke: disk full');
  });

  it('fails arguments that break the tool’s schema before calling, naming the field', async () => {
    const before = tools.calls.length;
    const { id } = await submitRequest(
      db,
      {
        workflow: {
          tasks: [{ ref: 'bad', capability: 'add', input: { a: 'two', b: 3 }, maxAttempts: 1 }],
        },
      },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    const [attempt] = await attemptsOf(id);
    expect(attempt!.errorKind).toBe('invalid_response');
    expect(attempt!.error).toMatch(/input schema of 'add': a: /);
    expect(tools.calls.length).toBe(before);
  });

  it('sends notifications/cancelled when the request is cancelled mid-call', async () => {
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'wait', capability: 'hang', maxAttempts: 1 }] } },
      submitter,
    );
    await waitFor(
      async () => tools.calls.some((c) => c.tool === 'hang'),
      10_000,
      'the hang tool to be called',
    );
    const running = await db.request.findUniqueOrThrow({ where: { id } });
    expect(running.status, (await attemptsOf(id)).map((a) => a.error).join()).toBe('running');
    await cancelRequest(db, id, 'test', 'no longer needed');
    await waitForRequest(db, id);
    await waitFor(async () => tools.cancelled.includes('hang'), 10_000, 'the server to see cancel');
    // The worker records the aborted attempt once its call returns, just after the notification.
    const attempt = await waitFor(
      async () => (await attemptsOf(id)).find((a) => a.status !== 'running'),
      10_000,
      'the attempt to be recorded',
    );
    expect(attempt.status).toBe('cancelled');
    expect(attempt.remoteTaskId).toMatch(/^\d+@[0-9a-f-]{36}$/);
  });

  it('raises one drift event when the tool list changes; acknowledging imports the new tools', async () => {
    const check = async () =>
      checkAgent(db, await agentRow(toolsAgentId), { adapters: adapterFor });
    expect((await check()).ok).toBe(true);
    expect((await agentRow(toolsAgentId)).cardDriftAt).toBeNull();

    tools.tools = [...tools.tools, 'multiply'];
    await check();
    await check();
    const events = await db.event.findMany({ where: { type: 'agent.card_drift' } });
    const mine = events.filter((e) => (e.payload as { agentId?: string }).agentId === toolsAgentId);
    expect(mine).toHaveLength(1);
    expect((mine[0]!.payload as { skills: string[] }).skills).toContain('multiply');
    expect((await agentRow(toolsAgentId)).cardDriftAt).not.toBeNull();

    await acknowledgeDrift(db, toolsAgentId, by);
    expect((await agentRow(toolsAgentId)).cardDriftAt).toBeNull();
    const names = await db.capability.findMany({
      where: { agentId: toolsAgentId },
      select: { name: true },
      orderBy: { name: 'asc' },
    });
    expect(names.map((c) => c.name)).toEqual(['add', 'explode', 'hang', 'multiply', 'shout']);
  });

  it('re-lists the tools when an edit moves the agent to another server', async () => {
    const other = await startTestMcpServer({ tools: ['multiply'], name: 'other-tools' });
    try {
      const created = await registerAgent(db, payload(other.url), by);
      const moved = await startTestMcpServer({ tools: ['shout', 'explode'] });
      try {
        await editAgent(db, created.id, { endpointUrl: moved.url }, by);
        const names = await db.capability.findMany({
          where: { agentId: created.id },
          select: { name: true },
          orderBy: { name: 'asc' },
        });
        expect(names.map((c) => c.name)).toEqual(['explode', 'shout']);
      } finally {
        await moved.stop();
      }
      await db.agent.update({ where: { id: created.id }, data: { status: 'MAINTENANCE' } });
    } finally {
      await other.stop();
    }
  });

  it('fails health checks once the server is gone, naming the problem', async () => {
    const brief = await startTestMcpServer({ tools: ['shout'] });
    const created = await registerAgent(db, payload(brief.url), by);
    await brief.stop();
    const result = await checkAgent(db, await agentRow(created.id), { adapters: adapterFor });
    expect(result.ok).toBe(false);
    const [check] = await db.healthCheck.findMany({ where: { agentId: created.id } });
    expect(check!.ok).toBe(false);
    expect(check!.error).toMatch(/127\.0\.0\.1/);
    await db.agent.update({ where: { id: created.id }, data: { status: 'MAINTENANCE' } });
  });
});
