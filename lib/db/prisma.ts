import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export type { PrismaClient } from './generated/prisma/client.ts';

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** Maximum pooled connections (default 10). */
  max?: number;
}

/**
 * Builds a Prisma client on the `pg` driver adapter (Prisma 7 has no built-in engine). Used by the
 * app through lib/db/client.ts and by scripts and tests directly.
 */
export function createPrismaClient({ connectionString, max = 10 }: CreatePrismaClientOptions) {
  const adapter = new PrismaPg({ connectionString, max });
  return new PrismaClient({ adapter });
}
