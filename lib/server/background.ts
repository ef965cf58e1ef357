/**
 * Background work of a Baton process: the health monitor (and, later, the task worker). Started
 * once per Node.js server process from instrumentation.ts, and by `npm run worker`.
 */
import { createPrismaClient } from '@/lib/db/prisma';
import { getDatabaseUrl } from '@/lib/env';
import { logger } from '@/lib/logger';
import { adapterFor } from './adapters';
import { startHealthMonitor } from './health-monitor';

const globalForBackground = globalThis as typeof globalThis & {
  batonBackgroundStop?: () => Promise<void>;
};

export function startBackgroundServices(): void {
  if (globalForBackground.batonBackgroundStop) return;
  if (process.env.BATON_HEALTH_MONITOR === '0') {
    logger.info('health monitor disabled (BATON_HEALTH_MONITOR=0)');
    return;
  }
  const db = createPrismaClient({ connectionString: getDatabaseUrl(), max: 4 });
  const stopMonitor = startHealthMonitor(db, { adapters: adapterFor, tickMs: 5_000 });
  logger.info('health monitor started');
  globalForBackground.batonBackgroundStop = async () => {
    await stopMonitor();
    await db.$disconnect();
  };
}
