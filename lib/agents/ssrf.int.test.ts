/**
 * SSRF at connect time (ADR 0050), over real HTTP on loopback: a host name that a (test) resolver
 * maps to a loopback address is refused after resolution, a redirect to a private address is
 * refused, and an A2A card whose interface is on a foreign origin never receives the secret until
 * an operator approves that origin.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setResolver } from '@/lib/http/ssrf';
import { startTestA2AAgent, type TestA2AAgent } from '@/lib/testing/a2a-agent';
import { a2aAdapter } from './a2a';
import type { AgentTarget, InvokeRequest, InvokeResult } from './types';
import { webhookAdapter } from './webhook';

const SECRET = 'ssrf-test-secret-4b7e1f';
const ALLOWED = process.env.BATON_AGENT_ALLOW_NETWORKS;
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? '', headers: request.headers });
    if (request.url === '/to-private') {
      return response.writeHead(302, { location: `http://127.0.0.1:${port}/health` }).end();
    }
    if (request.method === 'POST') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end(JSON.stringify({ output: 'done' }));
    }
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  setResolver(null);
  process.env.BATON_AGENT_ALLOW_NETWORKS = ALLOWED;
  seen.length = 0;
});

/** A resolver that answers every name with 127.0.0.1, as a hostile DNS record would. */
function resolveEverythingToLoopback() {
  setResolver(async () => [{ address: '127.0.0.1', family: 4 }]);
}

function webhook(url: string): AgentTarget<'webhook'> {
  return { id: 'w1', name: 'hook', kind: 'webhook', endpointUrl: url, config: {}, secret: SECRET };
}

function request(): InvokeRequest {
  return {
    taskId: 'task-1',
    attempt: 1,
    idempotencyKey: 'task-1:1',
    capability: 'echo',
    input: { text: 'hello' },
    signal: new AbortController().signal,
    timeoutMs: 5_000,
  };
}

function errorOf(result: InvokeResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('connect-time SSRF guard', () => {
  it('refuses a public-looking name that resolves to loopback, and nothing reaches the server', async () => {
    delete process.env.BATON_AGENT_ALLOW_NETWORKS;
    resolveEverythingToLoopback();
    const result = await webhookAdapter.invoke(
      webhook(`http://agent.example.test:${port}/tasks`),
      request(),
    );
    expect(errorOf(result)).toMatch(
      /Refused to call http:\/\/agent\.example\.test:\d+\/tasks: agent\.example\.test \(127\.0\.0\.1\) is a loopback address/,
    );
    expect(seen).toHaveLength(0);
  });

  it('connects to the resolved address once the network is allowed', async () => {
    process.env.BATON_AGENT_ALLOW_NETWORKS = '127.0.0.0/8';
    resolveEverythingToLoopback();
    const result = await webhookAdapter.invoke(
      webhook(`http://agent.example.test:${port}/tasks`),
      request(),
    );
    expect(result.ok).toBe(true);
    expect(seen.map((call) => call.path)).toEqual(['/tasks']);
  });

  it('refuses a redirect to a private address even when the first host is allowed', async () => {
    // Only the name is allowed: its redirect to the bare loopback address must not be followed.
    process.env.BATON_AGENT_ALLOW_NETWORKS = 'allowed.example.test';
    resolveEverythingToLoopback();
    const probe = await webhookAdapter.probe(
      { ...webhook(`http://allowed.example.test:${port}/to-private`), secret: null },
      { signal: new AbortController().signal, timeoutMs: 5_000 },
    );
    expect(probe.ok).toBe(false);
    expect(probe.error).toMatch(
      /Refused to call http:\/\/127\.0\.0\.1:\d+\/health: 127\.0\.0\.1 is a loopback address/,
    );
    expect(seen.map((call) => call.path)).toEqual(['/to-private']);
  });

  it('refuses alternative spellings of loopback before connecting', async () => {
    delete process.env.BATON_AGENT_ALLOW_NETWORKS;
    for (const host of ['0x7f000001', '2130706433', '127.1', '[::ffff:127.0.0.1]']) {
      const result = await webhookAdapter.invoke(
        webhook(`http://${host}:${port}/tasks`),
        request(),
      );
      expect(errorOf(result)).toMatch(/is a loopback address/);
    }
    expect(seen).toHaveLength(0);
  });
});

describe('A2A card interfaces on a foreign origin', () => {
  let agent: TestA2AAgent;
  let cardServer: Server;
  let cardBase = '';

  beforeAll(async () => {
    // The real agent (origin B) requires the secret; the card is served from origin C and names B.
    agent = await startTestA2AAgent({ secret: SECRET, streaming: false });
    const card = await (await fetch(`${agent.url}/.well-known/agent-card.json`)).text();
    cardServer = createServer((incoming, response) => {
      if (incoming.url === '/agent/.well-known/agent-card.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(card);
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => cardServer.listen(0, '127.0.0.1', resolve));
    cardBase = `http://127.0.0.1:${(cardServer.address() as AddressInfo).port}/agent`;
  });

  afterAll(async () => {
    await agent.stop();
    cardServer.closeAllConnections();
    await new Promise((resolve) => cardServer.close(resolve));
  });

  const target = (approvedOrigins?: string[]): AgentTarget<'a2a'> => ({
    id: 'a1',
    name: 'remote',
    kind: 'a2a',
    endpointUrl: cardBase,
    config: approvedOrigins ? { approvedOrigins } : {},
    secret: SECRET,
  });

  it('does not send the secret to the foreign interface, and says which origin to approve', async () => {
    const result = await a2aAdapter.invoke(target(), request());
    const origin = new URL(agent.url).origin;
    expect(errorOf(result)).toContain(`sends messages to ${origin}, another origin`);
    expect(agent.received).toHaveLength(0);
  });

  it('calls the interface once an operator approved its origin', async () => {
    const result = await a2aAdapter.invoke(target([new URL(agent.url).origin]), request());
    expect(result.ok).toBe(true);
    expect(agent.received).toHaveLength(1);
  });
});
