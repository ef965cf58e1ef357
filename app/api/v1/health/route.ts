import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getDb } from '@/lib/db/client';
import { poolOf } from '@/lib/db/prisma';
import { checkSystemHealth } from '@/lib/db/repositories/health';
import { apiRoute } from '@/lib/http/api-route';
import { readRuntimeHealth } from '@/lib/server/runtime-health';
import { BATON_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/health — liveness and readiness for operators and load balancers.
 * 200 when the database answers and every shipped migration is applied; 503 otherwise. Status
 * `degraded` (still 200: the API works) when workers are alive but no sweeper ran lately, so a dead
 * worker's jobs would not be released.
 * Public by design (no secrets, no data): see docs/decisions/0005-health-endpoint.md. Not rate
 * limited: a probe must not be answered 429 because other anonymous calls spent its address's
 * budget (ADR 0057, addendum "chaos3").
 */
// TEMPORARY measurement (chaos4): event-loop delay between health calls, per-piece timings.
const g = globalThis as typeof globalThis & { batonEld?: ReturnType<typeof monitorEventLoopDelay> };
if (!g.batonEld) {
  g.batonEld = monitorEventLoopDelay({ resolution: 10 });
  g.batonEld.enable();
}

export const GET = apiRoute(
  '/api/v1/health',
  'GET',
  async ({ request }) => {
    const entry = performance.timeOrigin + performance.now();
    const sent = Number(request.headers.get('x-chaos-sent'));
    const t0 = performance.now();
    const marks: Record<string, number> = {};
    const eld = g.batonEld!;
    const eldMax = eld.max / 1e6;
    eld.reset();
    let poolDesc = '';
    try {
      const pool = poolOf(getDb());
      poolDesc = `${pool.totalCount}/${pool.idleCount}/${pool.waitingCount}`;
    } catch {}
    let report;
    try {
      report = await checkSystemHealth(getDb(), undefined, marks);
    } catch {
      // getDb() throws when DATABASE_URL is not configured at all.
      report = {
        ok: false,
        database: { ok: false, latencyMs: null, error: 'database not configured' },
        migrations: { ok: false, error: 'database not configured' },
      };
    }
    const { migrations } = report;
    const tr = performance.now();
    const runtime = report.database.ok ? await readRuntimeHealth(getDb()) : null;
    marks.runtime = performance.now() - tr;
    marks.handler = performance.now() - t0;
    if (Number.isFinite(sent) && sent > 0) marks.inbound = entry - sent;
    marks.eldmax = eldMax;
    const degraded = runtime?.sweeper.ok === true && runtime.sweeper.stale;
    const body = {
      status: !report.ok ? 'unavailable' : degraded ? 'degraded' : 'ok',
      version: BATON_VERSION,
      time: new Date().toISOString(),
      database: report.database,
      migrations:
        'error' in migrations
          ? { ok: false, error: migrations.error }
          : {
              ok: migrations.ok,
              latest: migrations.latest,
              applied: migrations.applied.length,
              pending: migrations.pending,
              failed: migrations.failed,
            },
      // Informational (never 503): queue depth, workers alive / stale by heartbeat, last sweep.
      ...(runtime && {
        queue: runtime.queue,
        workers: runtime.workers,
        sweeper: runtime.sweeper,
      }),
    };
    return Response.json(body, {
      status: report.ok ? 200 : 503,
      headers: {
        'Cache-Control': 'no-store',
        'Server-Timing': [
          ...Object.entries(marks).map(([k, v]) => `${k};dur=${v.toFixed(1)}`),
          `pool;desc="${poolDesc}"`,
        ].join(', '),
      },
    });
  },
  { rateLimited: false },
);
