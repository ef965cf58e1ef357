/**
 * A Prisma client for the current integration-test worker's database. Each test file gets its own
 * client; close it in afterAll so no connection outlives the file.
 */
import { createPrismaClient } from '@/lib/db/prisma';

export function createTestDb() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('createTestDb() is for integration tests (*.int.test.ts) only');
  return createPrismaClient({ connectionString: url, max: 4 });
}

/** A name unique to this test run, for rows with unique columns. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
