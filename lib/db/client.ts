import 'server-only';
import { getDatabaseUrl, getEnv } from '@/lib/env';
import { createPrismaClient, type PrismaClient } from './prisma';

/**
 * The one Prisma client of the Next.js process, created on first use (never at import, so builds
 * need no database). Kept on globalThis so dev-mode hot reloads reuse the pool.
 */
const globalForPrisma = globalThis as typeof globalThis & { batonPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  globalForPrisma.batonPrisma ??= createPrismaClient({
    connectionString: getDatabaseUrl(),
    max: getEnv().DATABASE_POOL_MAX,
  });
  return globalForPrisma.batonPrisma;
}
