/**
 * Background work of a Baton web server process: the health monitor and the in-process task worker
 * (architecture.md §4: one command gives a working system). Started once per Node.js server process
 * from instrumentation.ts. `npm run worker` starts extra workers elsewhere (scripts/worker.ts).
 *
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, finished requests are exported as OpenTelemetry traces
 * (telemetry-export.ts).
 *
 * BATON_HEALTH_MONITOR=0 and BATON_WORKER=0 turn either off (e.g. a web-only node behind a load
 * balancer, with workers on other machines).
 */
import { createPrismaClient } from '@/lib/db/prisma';
import { envVar, getDatabaseUrl, getEnv } from '@/lib/env';
import { logger } from '@/lib/logger';
import { startA2ATaskRetention } from './a2a-task-store';
import { adapterFor } from './adapters';
import { installOutboundPolicy } from './outbound-policy';
import { DEFAULT_WORKER_CONCURRENCY, startWorker } from './execution/worker';
import { startHealthMonitor } from './health-monitor';
import { telemetryConfig } from './telemetry';
import { startTraceExport } from './telemetry-export';

const globalForBackground = globalThis as typeof globalThis & {
  batonBackgroundStop?: () => Promise<void>;
};

export function startBackgroundServices(): void {
  if (globalForBackground.batonBackgroundStop) return;
  const stops: (() => Promise<void>)[] = [];
  globalForBackground.batonBackgroundStop = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  const connectionString = getDatabaseUrl();
  installOutboundPolicy(createPrismaClient({ connectionString, max: 1 }));

  if (envVar('BATON_HEALTH_MONITOR') === '0') {
    logger.info('health monitor disabled (BATON_HEALTH_MONITOR=0)');
  } else {
    const db = createPrismaClient({ connectionString, max: 4 });
    const stopMonitor = startHealthMonitor(db, { adapters: adapterFor, tickMs: 5_000 });
    logger.info('health monitor started');
    stops.push(async () => {
      await stopMonitor();
      await db.$disconnect();
    });
  }

  // Tasks of Baton's own A2A endpoints past their retention (ADR 0053).
  const a2aDb = createPrismaClient({ connectionString, max: 1 });
  const stopA2ARetention = startA2ATaskRetention(a2aDb, {
    retentionDays: getEnv().BATON_A2A_TASK_RETENTION_DAYS,
  });
  stops.push(async () => {
    await stopA2ARetention();
    await a2aDb.$disconnect();
  });

  // OpenTelemetry (ADR 0035): only with OTEL_EXPORTER_OTLP_ENDPOINT set.
  const traceConfig = telemetryConfig();
  if (traceConfig) {
    const traceDb = createPrismaClient({ connectionString, max: 2 });
    const stopTraces = startTraceExport(traceDb, { config: traceConfig });
    logger.info({ url: traceConfig.tracesUrl }, 'OpenTelemetry trace export started');
    stops.push(async () => {
      await stopTraces?.();
      await traceDb.$disconnect();
    });
  }

  if (envVar('BATON_WORKER') === '0') {
    logger.info('in-process worker disabled (BATON_WORKER=0)');
    return;
  }
  const concurrency = Number(envVar('BATON_WORKER_CONCURRENCY') ?? DEFAULT_WORKER_CONCURRENCY);
  const db = createPrismaClient({ connectionString, max: Math.min(20, concurrency + 4) });
  startWorker({ db, connectionString, concurrency })
    .then((worker) => {
      stops.push(async () => {
        await worker.stop();
        await db.$disconnect();
      });
    })
    .catch((error: unknown) => logger.error({ err: error }, 'the in-process worker did not start'));
}
