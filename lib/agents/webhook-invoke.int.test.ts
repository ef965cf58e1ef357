/** The webhook adapter's invoke over real HTTP against a local server (docs/agents/webhook-contract.md). */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTarget, InvokeRequest, InvokeResult } from './types';
import { MAX_WEBHOOK_REPLY_BYTES, webhookAdapter } from './webhook';

const SECRET = 'whk-invoke-secret-0123456789';
const seen: { path: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      seen.push({ path, headers: request.headers, body: raw ? JSON.parse(raw) : null });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        response
          .writeHead(status, { 'content-type': 'application/json', ...headers })
          .end(JSON.stringify(body));
      switch (path) {
        case '/ok':
          return json(200, {
            output: { answer: 42 },
            text: 'The answer is 42.',
            usage: { tokensIn: 12, tokensOut: 3 },
            costMicros: 1500,
          });
        case '/bare':
          return json(200, { output: 'plain' });
        case '/limited':
          return json(429, { error: 'slow down' }, { 'retry-after': '7' });
        case '/broken':
          return json(500, { error: `db down, token ${request.headers.authorization}` });
        case '/auth':
          return json(401, { error: `bad token ${request.headers.authorization}` });
        case '/not-json':
          return response.writeHead(200, { 'content-type': 'application/json' }).end('<html>');
        case '/no-output':
          return json(200, { text: 'forgot the output' });
        case '/bad-usage':
          return json(200, { output: 1, usage: { tokensIn: -1, tokensOut: 'many' } });
        case '/huge':
          return json(200, { output: 'x'.repeat(MAX_WEBHOOK_REPLY_BYTES) });
        case '/slow':
          return; // never answers
        default:
          return json(404, {});
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function target(path: string, secret: string | null = SECRET): AgentTarget<'webhook'> {
  return {
    id: 'w1',
    name: 'hook',
    kind: 'webhook',
    endpointUrl: `${base}${path}`,
    config: { headers: { 'X-Team': 'ops' } },
    secret,
  };
}

function request(overrides: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    taskId: 'task-1',
    attempt: 2,
    idempotencyKey: 'task-1:2',
    capability: 'answer',
    input: { text: 'What is the answer?', context: [{ ref: 't0', output: 41 }] },
    signal: new AbortController().signal,
    timeoutMs: 2_000,
    ...overrides,
  };
}

function expectNoSecret(result: InvokeResult) {
  expect(JSON.stringify(result)).not.toContain(SECRET);
}

describe('webhookAdapter.invoke', () => {
  it('posts the task per the contract and returns output, text, usage and reported cost', async () => {
    const result = await webhookAdapter.invoke!(target('/ok'), request());
    expect(result).toMatchObject({
      ok: true,
      output: { answer: 42 },
      text: 'The answer is 42.',
      usage: { tokensIn: 12, tokensOut: 3 },
      reportedCostMicros: 1500n,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const call = seen.at(-1)!;
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${SECRET}`,
      'idempotency-key': 'task-1:2',
      'content-type': 'application/json',
      'x-team': 'ops',
    });
    expect(call.body).toEqual({
      taskId: 'task-1',
      attempt: 2,
      idempotencyKey: 'task-1:2',
      capability: 'answer',
      input: { text: 'What is the answer?', context: [{ ref: 't0', output: 41 }] },
    });
  });

  it('derives text from the output when the reply has none, and sends no Authorization without a secret', async () => {
    const result = await webhookAdapter.invoke!(target('/bare', null), request());
    expect(result).toMatchObject({ ok: true, output: 'plain', text: 'plain' });
    expect(result).not.toHaveProperty('usage');
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('maps 429 to rate_limit with Retry-After in ms', async () => {
    const result = await webhookAdapter.invoke!(target('/limited'), request());
    expect(result).toMatchObject({ ok: false, errorKind: 'rate_limit', retryAfterMs: 7_000 });
  });

  it('maps 500 to server and 401 to auth, never echoing the secret', async () => {
    const broken = await webhookAdapter.invoke!(target('/broken'), request());
    expect(broken).toMatchObject({ ok: false, errorKind: 'server' });
    expect(broken.ok === false && broken.error).toContain('HTTP 500');
    const auth = await webhookAdapter.invoke!(target('/auth'), request());
    expect(auth).toMatchObject({ ok: false, errorKind: 'auth' });
    expect(auth.ok === false && auth.error).toMatch(/HTTP 401.*secret/);
    expectNoSecret(broken);
    expectNoSecret(auth);
  });

  it('classifies non-JSON, schema-invalid and oversized replies as invalid_response', async () => {
    for (const [path, message] of [
      ['/not-json', /not JSON/],
      ['/no-output', /output/],
      ['/bad-usage', /usage/],
      ['/huge', /more than allowed/],
    ] as const) {
      const result = await webhookAdapter.invoke!(target(path), request());
      expect(result, path).toMatchObject({ ok: false, errorKind: 'invalid_response' });
      expect(result.ok === false && result.error, path).toMatch(message);
      expectNoSecret(result);
    }
  });

  it('aborts a hanging agent at timeoutMs with errorKind timeout', async () => {
    const startedAt = performance.now();
    const result = await webhookAdapter.invoke!(target('/slow'), request({ timeoutMs: 300 }));
    const elapsed = performance.now() - startedAt;
    expect(result).toMatchObject({ ok: false, errorKind: 'timeout' });
    expect(result.ok === false && result.error).toMatch(/Timed out after 300 ms/);
    expect(elapsed).toBeLessThan(300 + 500);
    expectNoSecret(result);
  });

  it('reports cancelled when the caller aborts, before or during the call', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const startedAt = performance.now();
    const during = await webhookAdapter.invoke!(
      target('/slow'),
      request({ signal: controller.signal, timeoutMs: 5_000 }),
    );
    expect(during).toMatchObject({ ok: false, errorKind: 'cancelled' });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    const before = await webhookAdapter.invoke!(
      target('/ok'),
      request({ signal: AbortSignal.abort() }),
    );
    expect(before).toMatchObject({ ok: false, errorKind: 'cancelled' });
  });

  it('maps a refused connection to network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await webhookAdapter.invoke!(
      { ...target('/ok'), endpointUrl: `http://127.0.0.1:${port}/ok` },
      request(),
    );
    expect(result).toMatchObject({ ok: false, errorKind: 'network' });
    expect(result.ok === false && result.error).toMatch(/connection refused/);
  });
});
