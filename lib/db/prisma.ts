import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
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
