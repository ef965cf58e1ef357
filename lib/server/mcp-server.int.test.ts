/**
 * Baton as an MCP server, driven by the official SDK's client over real HTTP: a loopback server
 * authenticates API tokens as /api/mcp does (the route's own wrapper is covered by
 * e2e/access.spec.ts) and hands each request to handleMcpRequest; a real worker runs the requests
 * on the builtin agents.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { authenticateApiToken, createApiToken } from '@/lib/db/repositories/api-tokens';
import { seedDemoData } from '@/lib/db/seed';
import type { UserRole } from '@/lib/engine';
import { createTestDb } from '@/lib/testing/db';
import { waitForRequest } from '@/lib/testing/execution';
import { startWorker, type WorkerHandle } from './execution/worker';
import { handleMcpRequest } from './mcp-server';

const db = createTestDb();
let http: Server;
let url = '';
let worker: WorkerHandle;
const tokens = {} as Record<UserRole, string>;
const clients: Client[] = [];

beforeAll(async () => {
  await seedDemoData(db, { force: true });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    pollIntervalMs: 100,
  });
  for (const role of ['viewer', 'operator'] as const) {
    tokens[role] = (await createApiToken(db, { name: `mcp ${role}`, role })).token;
  }
  http = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const match = /^Bearer (\S+)$/.exec(incoming.headers.authorization ?? '');
        const token = match ? await authenticateApiToken(db, match[1]!) : null;
        if (!token) return outgoing.writeHead(401).end();
        const viewer: Viewer = {
          kind: 'token',
          id: token.id,
          name: token.name,
          role: token.role,
          actor: `token:${token.id}`,
        };
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        const response = await handleMcpRequest(
          new Request(`${url}${incoming.url ?? ''}`, {
            method: incoming.method,
            headers,
            ...(incoming.method === 'POST' && { body: Buffer.concat(chunks) }),
          }),
          { db, viewer },
        );
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(Buffer.from(await response.arrayBuffer()));
      })().catch((error: unknown) => outgoing.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/mcp`;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await worker?.stop(1_000);
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  await db.$disconnect();
});

async function connect(role: UserRole): Promise<Client> {
  const client = new Client({ name: 'mcp-test-client', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${tokens[role]}` } },
    }),
  );
  clients.push(client);
  return client;
}

const textOf = (result: unknown) =>
  ((result as CallToolResult).content[0] as { type: 'text'; text: string }).text;

describe('Baton as an MCP server', () => {
  it('lists its tools and resource templates to an MCP client', async () => {
    const client = await connect('viewer');
    expect(client.getServerVersion()?.name).toBe('baton');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'cancel_request',
      'get_request',
      'list_agents',
      'set_agent_status',
      'submit_request',
    ]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'baton://requests/{id}/result',
      'baton://requests/{id}/trace',
    ]);
  });

  it('submits a request, waits for it, and reads its result and trace as resources', async () => {
    const client = await connect('operator');
    const submitted = (await client.callTool({
      name: 'submit_request',
      arguments: { input: 'Calculate 15 * 7', waitSeconds: 30 },
    })) as CallToolResult;
    expect(submitted.isError, textOf(submitted)).toBeFalsy();
    const summary = submitted.structuredContent as { id: string; status: string };
    const request = await waitForRequest(db, summary.id);
    expect(request.status).toBe('succeeded');
    expect(summary.status).toBe('succeeded');

    const got = (await client.callTool({
      name: 'get_request',
      arguments: { id: summary.id },
    })) as CallToolResult;
    expect(got.structuredContent).toMatchObject({
      id: summary.id,
      status: 'succeeded',
      tasks: [{ capability: 'calculate', status: 'succeeded' }],
    });

    const result = await client.readResource({ uri: `baton://requests/${summary.id}/result` });
    const body = JSON.parse((result.contents[0] as { text: string }).text) as {
      status: string;
      result: { text: string };
    };
    expect(body.status).toBe('succeeded');
    expect(body.result.text).toContain('105');

    const trace = await client.readResource({ uri: `baton://requests/${summary.id}/trace` });
    const traced = JSON.parse((trace.contents[0] as { text: string }).text) as {
      tasks: { attempts: { status: string; agent: string }[] }[];
      events: { type: string }[];
    };
    expect(traced.tasks[0]!.attempts[0]!.status).toBe('succeeded');
    expect(traced.events.map((e) => e.type)).toContain('request.succeeded');
  });

  it('refuses cancel_request and submit_request to a viewer token, changing nothing', async () => {
    const operator = await connect('operator');
    const started = (await operator.callTool({
      name: 'submit_request',
      arguments: { input: 'Calculate 2 + 2', requiresApproval: true },
    })) as CallToolResult;
    // Waiting for approval: not finished, so a cancel would change it.
    const id = (started.structuredContent as { id: string }).id;
    await waitForRequest(db, id, ['awaiting_approval']);
    const before = await db.request.count();

    const viewer = await connect('viewer');
    const refused = (await viewer.callTool({
      name: 'cancel_request',
      arguments: { id },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe('cancel_request needs the operator role; this token has viewer.');
    const submit = (await viewer.callTool({
      name: 'submit_request',
      arguments: { input: 'Calculate 1 + 1' },
    })) as CallToolResult;
    expect(submit.isError).toBe(true);
    expect(await db.request.count()).toBe(before);
    const row = await db.request.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('awaiting_approval');

    const cancelled = (await operator.callTool({
      name: 'cancel_request',
      arguments: { id, reason: 'not needed' },
    })) as CallToolResult;
    expect(cancelled.structuredContent).toEqual({ id, status: 'cancelled' });
    expect((await db.request.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
  });

  it('lets an operator cancel, and names the problem when the request already ended', async () => {
    const client = await connect('operator');
    const done = (await client.callTool({
      name: 'submit_request',
      arguments: { input: 'Calculate 3 * 3', waitSeconds: 30 },
    })) as CallToolResult;
    const id = (done.structuredContent as { id: string }).id;
    await waitForRequest(db, id);
    const late = (await client.callTool({
      name: 'cancel_request',
      arguments: { id },
    })) as CallToolResult;
    expect(late.isError).toBe(true);
    expect(textOf(late)).toBe('The request already succeeded.');
  });

  it('lists agents for a viewer, and moves one to MAINTENANCE for an operator', async () => {
    const viewer = await connect('viewer');
    const listed = (await viewer.callTool({
      name: 'list_agents',
      arguments: { capability: 'calculate' },
    })) as CallToolResult;
    const page = listed.structuredContent as { items: { id: string; name: string }[] };
    expect(page.items.length).toBeGreaterThan(0);
    const agent = page.items[0]!;

    const denied = (await viewer.callTool({
      name: 'set_agent_status',
      arguments: { id: agent.id, status: 'MAINTENANCE', reason: 'test' },
    })) as CallToolResult;
    expect(denied.isError).toBe(true);

    const operator = await connect('operator');
    const moved = (await operator.callTool({
      name: 'set_agent_status',
      arguments: { id: agent.id, status: 'MAINTENANCE', reason: 'MCP test' },
    })) as CallToolResult;
    expect(moved.isError, textOf(moved)).toBeFalsy();
    const row = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(['MAINTENANCE', 'DRAINING']).toContain(row.status);
    await operator.callTool({
      name: 'set_agent_status',
      arguments: { id: agent.id, status: 'ACTIVE', reason: 'back' },
    });
  });

  it('names the field when submit_request gets a bad workflow', async () => {
    const client = await connect('operator');
    const bad = (await client.callTool({
      name: 'submit_request',
      arguments: { workflow: { tasks: [] } },
    })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^workflow\.tasks: /);
  });
});
