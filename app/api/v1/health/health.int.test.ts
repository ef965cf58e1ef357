/**
 * GET /api/v1/health over real HTTP (ADR 0005, ADR 0057 addendum "chaos4"): the response's shape on
 * a healthy database, and 503 with the cause when the database is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listShippedMigrations } from '@/lib/db/migrations';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import { startRouteServer, type RouteServer } from '@/lib/testing/route-server';
import * as healthRoute from './route';

let server: RouteServer;
const global = globalThis as typeof globalThis & { batonPrisma?: PrismaClient };

beforeAll(async () => {
  server = await startRouteServer({ 'GET /api/v1/health': healthRoute.GET });
});

afterAll(async () => {
  await server.close();
  await global.batonPrisma?.$disconnect();
});

describe('GET /api/v1/health', () => {
  it('answers 200 with the database, migrations, queue, workers and sweeper', async () => {
    const response = await fetch(`${server.url}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('server-timing')).toMatch(/^db;dur=[\d.]+, app;dur=[\d.]+$/);
    const body = await response.json();
    const shipped = await listShippedMigrations();
    expect(body).toMatchObject({
      status: expect.stringMatching(/^(ok|degraded)$/),
      version: expect.any(String),
      database: { ok: true, latencyMs: expect.any(Number) },
      migrations: {
        ok: true,
        latest: shipped.at(-1),
        applied: shipped.length,
        pending: [],
        failed: [],
      },
      queue: { ok: true, ready: expect.any(Number), running: expect.any(Number) },
      workers: { ok: true, alive: expect.any(Number), stale: expect.any(Number) },
      sweeper: { ok: true, stale: expect.any(Boolean) },
    });
  });

  it('answers 503 "unavailable" naming the cause while the database is down', async () => {
    const healthy = global.batonPrisma;
    // The process's one client (lib/db/client.ts), pointed at a port nothing listens on.
    global.batonPrisma = createPrismaClient({
      connectionString: 'postgresql://baton:x@127.0.0.1:1/baton',
      max: 1,
    });
    try {
      const response = await fetch(`${server.url}/api/v1/health`);
      expect(response.status).toBe(503);
      const body = await response.json();
      expect(body).toMatchObject({
        status: 'unavailable',
        database: { ok: false, latencyMs: null, error: 'connection refused' },
        migrations: { ok: false, error: 'database unreachable' },
      });
      expect(body).not.toHaveProperty('queue');
    } finally {
      await global.batonPrisma.$disconnect();
      global.batonPrisma = healthy;
    }
    // And back: 200 again as soon as the database answers.
    expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
  });
});
