/** The webhook adapter's health probe over real HTTP against a local server. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTarget } from './types';
import { webhookAdapter } from './webhook';

const SECRET = 'whk-secret-0123456789';
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    seen.push({ path, headers: request.headers });
    if (path === '/health') return response.writeHead(204).end();
    if (path === '/down') return response.writeHead(500).end('database unreachable');
    if (path === '/slow') return; // never answers
    if (path === '/auth') {
      const ok = request.headers.authorization === `Bearer ${SECRET}`;
      return response
        .writeHead(ok ? 200 : 401)
        .end(ok ? 'ok' : `bad token ${request.headers.authorization}`);
    }
    if (path === '/to-metadata') {
      return response
        .writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' })
        .end();
    }
    if (path === '/to-health') return response.writeHead(307, { location: '/health' }).end();
    if (path === '/huge') {
      // A 2xx with an endless body: the probe reads a capped amount and stops.
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (response.write(chunk)) {
          if (response.destroyed) return;
        }
        response.once('drain', pump);
      };
      return pump();
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function target(
  path: string,
  config: AgentTarget<'webhook'>['config'] = {},
  secret: string | null = null,
): AgentTarget<'webhook'> {
  return { id: 'w1', name: 'hook', kind: 'webhook', endpointUrl: `${base}${path}`, config, secret };
}

describe('webhookAdapter.probe', () => {
  it('is ok for a 2xx answer, and uses the health URL when there is one', async () => {
    expect(await webhookAdapter.probe(target('/health'), { timeoutMs: 2_000 })).toMatchObject({
      ok: true,
    });
    expect(
      await webhookAdapter.probe(
        target('/tasks', { healthUrl: `${base}/health`, headers: { 'X-Team': 'ops' } }),
        {
          timeoutMs: 2_000,
        },
      ),
    ).toMatchObject({ ok: true });
    expect(seen.at(-1)).toMatchObject({ path: '/health', headers: { 'x-team': 'ops' } });
  });

  it('is not ok for a 500, and says so', async () => {
    expect(await webhookAdapter.probe(target('/down'), { timeoutMs: 2_000 })).toMatchObject({
      ok: false,
      error: `${base}/down answered HTTP 500.`,
    });
  });

  it('aborts at the timeout', async () => {
    const started = performance.now();
    const result = await webhookAdapter.probe(target('/slow'), { timeoutMs: 200 });
    expect(result).toMatchObject({
      ok: false,
      error: `Timed out after 200 ms waiting for ${base}/slow.`,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('sends the secret as a bearer token, and never repeats it', async () => {
    expect(
      await webhookAdapter.probe(target('/auth', {}, SECRET), { timeoutMs: 2_000 }),
    ).toMatchObject({ ok: true });
    const result = await webhookAdapter.probe(target('/auth', {}, 'wrong-secret-value'), {
      timeoutMs: 2_000,
    });
    expect(result).toMatchObject({
      ok: false,
      error: `${base}/auth answered HTTP 401: check the agent's secret.`,
    });
  });

  it('follows safe redirects only', async () => {
    expect(await webhookAdapter.probe(target('/to-health'), { timeoutMs: 2_000 })).toMatchObject({
      ok: true,
    });
    expect(await webhookAdapter.probe(target('/to-metadata'), { timeoutMs: 2_000 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^Refused to call http:\/\/169\.254\.169\.254\/latest\/meta-data\/: Link-local/,
      ),
    });
  });

  it('reads at most a capped amount of an answer', async () => {
    expect(await webhookAdapter.probe(target('/huge'), { timeoutMs: 2_000 })).toMatchObject({
      ok: true,
    });
  });

  it('cannot be pointed at a refused address or a closed port', async () => {
    expect(
      await webhookAdapter.probe(target('/x', { healthUrl: 'http://[fe80::1]/' }), {
        timeoutMs: 2_000,
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused to call .*Link-local/) });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await webhookAdapter.probe(
        { ...target('/'), endpointUrl: `http://127.0.0.1:${port}/health` },
        { timeoutMs: 2_000 },
      ),
    ).toMatchObject({
      ok: false,
      error: `Could not connect to http://127.0.0.1:${port}/health (connection refused).`,
    });
  });
});
