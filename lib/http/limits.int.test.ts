/**
 * The API's limits over real HTTP against the test database (issue 12, ADRs 0051 and 0052): the real
 * route handlers served on loopback by lib/testing/route-server.ts, with small limits set through
 * the same environment variables an operator uses.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.BATON_RATE_LIMIT_TOKEN = '20';
  process.env.BATON_SSE_MAX_PER_USER = '2';
  process.env.BATON_RATE_LIMIT_IP = '4';
  process.env.BATON_RATE_LIMIT_WINDOW_S = '600';
  process.env.BATON_BODY_LIMIT_BYTES = '4096';
});

import * as agentsRoute from '@/app/api/v1/agents/route';
import * as healthRoute from '@/app/api/v1/health/route';
import * as eventsRoute from '@/app/api/v1/requests/[id]/events/route';
import { getDb } from '@/lib/db/client';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { startRouteServer, type RouteServer } from '@/lib/testing/route-server';

const db = createTestDb();
let server: RouteServer;

beforeAll(async () => {
  server = await startRouteServer({
    'GET /api/v1/agents': agentsRoute.GET,
    'POST /api/v1/agents': agentsRoute.POST,
    'GET /api/v1/health': healthRoute.GET,
    'GET /api/v1/requests/:id/events': eventsRoute.GET,
  });
});

afterAll(async () => {
  await server.close();
  await db.$disconnect();
  await getDb().$disconnect();
});

const newToken = async (role: 'viewer' | 'operator' = 'viewer') =>
  (await createApiToken(db, { name: uniqueName('limits'), role })).token;

describe('rate limits', () => {
  it('answers the call after a token spent its budget with 429, Retry-After and a clear error', async () => {
    const token = await newToken();
    const get = () =>
      fetch(`${server.url}/api/v1/agents`, { headers: { Authorization: `Bearer ${token}` } });
    for (let i = 0; i < 20; i++) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toContain('20 API calls per 600 s');

    // Another token has its own budget.
    const other = await newToken();
    const response = await fetch(`${server.url}/api/v1/agents`, {
      headers: { Authorization: `Bearer ${other}` },
    });
    expect(response.status).toBe(200);
  });

  it('limits anonymous callers per address, bad tokens included', async () => {
    const from = { 'X-Forwarded-For': '198.51.100.7' };
    const guess = () =>
      fetch(`${server.url}/api/v1/agents`, {
        headers: { ...from, Authorization: 'Bearer not-a-real-token' },
      });
    for (let i = 0; i < 4; i++) expect((await guess()).status).toBe(401);
    const refused = await guess();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // A different address is not affected.
    const elsewhere = await fetch(`${server.url}/api/v1/agents`, {
      headers: { 'X-Forwarded-For': '198.51.100.8', Authorization: 'Bearer not-a-real-token' },
    });
    expect(elsewhere.status).toBe(401);
  });

  it('never answers a health probe 429, nor counts it (the chaos fuzz left health at 429)', async () => {
    const from = { 'X-Forwarded-For': '198.51.100.9' };
    const health = () => fetch(`${server.url}/api/v1/health`, { headers: from });
    // Far past the address budget of 4: a load balancer polling every second.
    for (let i = 0; i < 12; i++) expect((await health()).status).toBe(200);
    const guess = () =>
      fetch(`${server.url}/api/v1/agents`, {
        headers: { ...from, Authorization: 'Bearer not-a-real-token' },
      });
    // The probes spent nothing: the address still has its whole budget for other calls.
    for (let i = 0; i < 4; i++) expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(429);
    // And with the address's budget spent, health still answers.
    expect((await health()).status).toBe(200);
  });
});

describe('body size limit', () => {
  const agentBody = (name: string, padding: number) =>
    JSON.stringify({
      name,
      displayName: 'Too big',
      kind: 'webhook',
      endpointUrl: 'http://127.0.0.1:9/hook',
      description: 'x'.repeat(padding),
    });

  it('answers 413 naming the limit and writes nothing, declared or streamed', async () => {
    const token = await newToken('operator');
    const before = await db.agent.count();
    const declared = await fetch(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: agentBody(uniqueName('big'), 10_000),
    });
    expect(declared.status).toBe(413);
    const error = ((await declared.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toContain('4096 bytes');

    // Chunked, with no Content-Length: the bytes are counted as they arrive.
    const big = new TextEncoder().encode(agentBody(uniqueName('big'), 10_000));
    const streamed = await fetch(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < big.length; i += 1000) controller.enqueue(big.slice(i, i + 1000));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await db.agent.count()).toBe(before);
  });
});

describe('live event streams per user', () => {
  it('refuses a stream past the cap with 429, and frees the slot when a client disconnects', async () => {
    // A running request: its stream stays open until the client leaves.
    const running = await db.request.create({
      data: { input: 'stays running', submittedBy: 'test', status: 'running' },
    });
    const token = await newToken();
    const open = (as = token) => {
      const aborter = new AbortController();
      return fetch(`${server.url}/api/v1/requests/${running.id}/events`, {
        headers: { Authorization: `Bearer ${as}` },
        signal: aborter.signal,
      }).then((response) => ({ response, close: () => aborter.abort() }));
    };
    const first = await open();
    const second = await open();
    expect(first.response.status).toBe(200);
    expect(second.response.status).toBe(200);

    const third = await open();
    expect(third.response.status).toBe(429);
    expect(third.response.headers.get('retry-after')).toMatch(/^\d+$/);
    const error = ((await third.response.json()) as { error: { code: string; message: string } })
      .error;
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(error.message).toContain('at most 2 per user');

    // Someone else is not affected.
    const other = await open(await newToken());
    expect(other.response.status).toBe(200);
    other.close();

    first.close();
    const again = await vi.waitFor(
      async () => {
        const attempt = await open();
        if (attempt.response.status !== 200) throw new Error(`still ${attempt.response.status}`);
        return attempt;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(again.response.headers.get('content-type')).toContain('text/event-stream');
    again.close();
    second.close();
  });
});
