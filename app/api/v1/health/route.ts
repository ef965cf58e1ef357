import { getDb } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/api-route';
import { readHealth, type HealthReport } from '@/lib/server/runtime-health';
import { BATON_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/health — liveness and readiness for operators and load balancers.
 * 200 when the database answers and every shipped migration is applied; 503 otherwise. Status
 * `degraded` (still 200: the API works) when workers are alive but no sweeper ran lately, so a dead
 * worker's jobs would not be released.
 * Public by design (no secrets, no data): see docs/decisions/0005-health-endpoint.md. Not rate
 * limited: a probe must not be answered 429 because other anonymous calls spent its address's
 * budget (ADR 0057, addendum "chaos3"). One SQL statement per call, answered within 1 s (503
 * "database timed out" past that); `Server-Timing` names the database's and the handler's share
 * (ADR 0057, addendum "chaos4").
 */
export const GET = apiRoute(
  '/api/v1/health',
  'GET',
  async () => {
    const started = performance.now();
    let health: HealthReport;
    try {
      health = await readHealth(getDb());
    } catch {
      // getDb() throws when DATABASE_URL is not configured at all.
      health = {
        system: {
          ok: false,
          database: { ok: false, latencyMs: null, error: 'database not configured' },
          migrations: { ok: false, error: 'database not configured' },
        },
        runtime: null,
      };
    }
    const { system: report, runtime } = health;
    const { migrations } = report;
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
          ...(report.database.latencyMs === null ? [] : [`db;dur=${report.database.latencyMs}`]),
          `app;dur=${(performance.now() - started).toFixed(1)}`,
        ].join(', '),
      },
    });
  },
  { rateLimited: false },
);
