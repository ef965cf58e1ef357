import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { logger } from '@/lib/logger';
import { PrismaClient } from './generated/prisma/client.ts';

export type { PrismaClient } from './generated/prisma/client.ts';

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** Maximum pooled connections (default 10). */
  max?: number;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * Builds a Prisma client on the `pg` driver adapter (Prisma 7 has no built-in engine). Used by the
 * app through lib/db/client.ts and by scripts and tests directly. The pool is Baton's own, handed
 * to the adapter, so the executor's hot path can run its SQL on the same connections
 * (`poolOf`, ADR 0020); `$disconnect()` ends it.
 */
export function createPrismaClient({ connectionString, max = 10 }: CreatePrismaClientOptions) {
  const pool = new pg.Pool({ connectionString, max });
  watchConnectionErrors(pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter });
  pools.set(client, pool);
  return client;
}

/** The connection pool under a client made by createPrismaClient. */
export function poolOf(client: PrismaClient): pg.Pool {
  const pool = pools.get(client);
  if (!pool) throw new Error('This Prisma client was not made by createPrismaClient.');
  return pool;
}

const log = logger.child({ component: 'db' });

/**
 * A lost connection (the database restarted, a proxy cut it) is reported on the client, or on the
 * pool for an idle one, as an `error` event; with no listener Node would crash the process. The
 * query running on it rejects as well, and that is where the caller handles it (the pool drops the
 * broken client and opens a new one on the next checkout). So here the event is only logged, once
 * per client.
 */
function watchConnectionErrors(pool: pg.Pool) {
  const report = (error: Error & { code?: string }, idle: boolean) =>
    log.warn({ code: error.code, reason: error.message, idle }, 'database connection lost');
  pool.on('error', (error) => report(error, true));
  pool.on('connect', (client) => client.on('error', (error) => report(error, false)));
}
