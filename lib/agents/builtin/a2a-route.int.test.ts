/**
 * Baton's own builtin agents over A2A, end to end: the real route handlers (with their API-token
 * authentication against the test database) served over HTTP on loopback, registered by URL the way
 * an operator would, and called with the official SDK client.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role, TaskState, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cardRoute from '@/app/api/a2a/builtin/[name]/.well-known/agent-card.json/route';
import * as rpcRoute from '@/app/api/a2a/builtin/[name]/route';
import { getDb } from '@/lib/db/client';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { a2aAdapter, fetchAgentCard } from '../a2a';

const db = createTestDb();
let server: Server;
let base = '';
let operatorToken = '';
let viewerToken = '';
const savedPublicUrl = process.env.BATON_PUBLIC_URL;

/** Node request → web Request → the route module's handler → Node response (streamed). */
async function dispatch(incoming: IncomingMessage, outgoing: ServerResponse) {
  const url = new URL(incoming.url ?? '/', base);
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const request = new Request(url, {
    method: incoming.method,
    headers,
    body: incoming.method === 'GET' ? undefined : Buffer.concat(chunks),
  });
  const card = /^\/api\/a2a\/builtin\/([^/]+)\/\.well-known\/agent-card\.json$/.exec(url.pathname);
  const rpc = /^\/api\/a2a\/builtin\/([^/]+)$/.exec(url.pathname);
  let response: Response;
  if (card && incoming.method === 'GET') {
    response = await cardRoute.GET(request, { params: Promise.resolve({ name: card[1]! }) });
  } else if (rpc && incoming.method === 'POST') {
    response = await rpcRoute.POST(request, { params: Promise.resolve({ name: rpc[1]! }) });
  } else {
    response = new Response('not found', { status: 404 });
  }
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) {
    for await (const chunk of response.body) outgoing.write(chunk);
  }
  outgoing.end();
}

beforeAll(async () => {
  server = createServer((incoming, outgoing) => {
    dispatch(incoming, outgoing).catch((error: unknown) => {
      outgoing.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.BATON_PUBLIC_URL = base;
  operatorToken = (await createApiToken(db, { name: uniqueName('a2a-operator'), role: 'operator' }))
    .token;
  viewerToken = (await createApiToken(db, { name: uniqueName('a2a-viewer'), role: 'viewer' }))
    .token;
});

afterAll(async () => {
  if (savedPublicUrl === undefined) delete process.env.BATON_PUBLIC_URL;
  else process.env.BATON_PUBLIC_URL = savedPublicUrl;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.$disconnect();
  await getDb().$disconnect();
});

function sdkClientFactory(token: string) {
  const fetchImpl: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  return new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
    }),
  );
}

function userMessage(text: string) {
  return {
    tenant: '',
    message: {
      messageId: crypto.randomUUID(),
      contextId: '',
      taskId: '',
      role: Role.ROLE_USER,
      parts: [
        {
          content: { $case: 'text' as const, value: text },
          metadata: undefined,
          filename: '',
          mediaType: 'text/plain',
        },
      ],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: undefined,
    metadata: undefined,
  };
}

describe('builtin agents served over A2A', () => {
  it('can be registered by URL: the card imports as capabilities', async () => {
    const card = await fetchAgentCard(`${base}/api/a2a/builtin/calculator`);
    expect(card).toMatchObject({
      name: 'Calculator',
      interfaces: [
        {
          url: `${base}/api/a2a/builtin/calculator`,
          protocolBinding: 'JSONRPC',
          protocolVersion: '1.0',
        },
      ],
      capabilities: [{ name: 'calculate', tags: ['math', 'arithmetic', 'calculator'] }],
    });
    const textTools = await fetchAgentCard(`${base}/api/a2a/builtin/text-tools`);
    expect(textTools.capabilities.map((capability) => capability.name)).toEqual([
      'count_words',
      'summarize',
      'extract_keywords',
    ]);
  });

  it('passes an a2a health probe with canary when the secret is an operator token', async () => {
    const agent = {
      id: 'a',
      name: 'calc-over-a2a',
      kind: 'a2a' as const,
      endpointUrl: `${base}/api/a2a/builtin/calculator`,
      config: { canary: true },
      secret: operatorToken,
    };
    expect(await a2aAdapter.probe(agent, { timeoutMs: 10_000 })).toMatchObject({ ok: true });

    const asViewer = await a2aAdapter.probe(
      { ...agent, secret: viewerToken },
      { timeoutMs: 10_000 },
    );
    expect(asViewer).toMatchObject({
      ok: false,
      error: "The agent answered the canary message with HTTP 403: check the agent's secret.",
    });
    // (An anonymous call would fall back to the session cookie, which needs Next's request scope;
    // the access e2e test covers it. A wrong token is the same 401 path.)
    const wrongToken = await a2aAdapter.probe(
      { ...agent, secret: 'baton_wrong' },
      { timeoutMs: 10_000 },
    );
    expect(wrongToken).toMatchObject({
      ok: false,
      error: "The agent answered the canary message with HTTP 401: check the agent's secret.",
    });
  });

  it('does real work for the SDK client: blocking and streaming', async () => {
    const client = await sdkClientFactory(operatorToken).createFromUrl(
      `${base}/api/a2a/builtin/calculator/`,
    );
    const task = (await client.sendMessage(userMessage('Calculate 15 * 7'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const parts = task.artifacts[0]!.parts.map((part) => part.content);
    expect(parts).toEqual([
      { $case: 'text', value: '15 * 7 = 105' },
      { $case: 'data', value: 105 },
    ]);
    expect((await client.getTask({ tenant: '', id: task.id, historyLength: undefined })).id).toBe(
      task.id,
    );

    const words = await sdkClientFactory(operatorToken).createFromUrl(
      `${base}/api/a2a/builtin/text-tools/`,
    );
    const states: TaskState[] = [];
    for await (const event of words.sendMessageStream(
      userMessage("count the words in 'Hello world'"),
    )) {
      if (event.payload?.$case === 'task') states.push(event.payload.value.status!.state);
      if (event.payload?.$case === 'statusUpdate') states.push(event.payload.value.status!.state);
      if (event.payload?.$case === 'artifactUpdate') {
        expect(event.payload.value.artifact?.parts[1]?.content).toEqual({
          $case: 'data',
          value: { words: 2 },
        });
      }
    }
    expect(states).toEqual([
      TaskState.TASK_STATE_SUBMITTED,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_COMPLETED,
    ]);
  });

  it('answers 404 for an unknown builtin and the JSON error shape for bad tokens', async () => {
    const card = await fetch(`${base}/api/a2a/builtin/oracle/.well-known/agent-card.json`);
    expect(card.status).toBe(404);
    expect(await card.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'There is no builtin agent named "oracle".' },
    });
    const post = (token: string, name = 'calculator') =>
      fetch(`${base}/api/a2a/builtin/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    expect((await post(operatorToken, 'oracle')).status).toBe(404);
    const forbidden = await post(viewerToken);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.code).toBe('FORBIDDEN');
    expect((await post('baton_not-a-token')).status).toBe(401);
  });
});
