import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from './prisma';

/**
 * Where Prisma Migrate keeps migrations (prisma.config.ts), resolved from the process's cwd (the
 * project root under `npm start`). The ignore hint keeps Next's file tracing from pulling the whole
 * project into the build output because of a cwd-relative path.
 */
export const MIGRATIONS_DIR = path.join(
  /* turbopackIgnore: true */ process.cwd(),
  'prisma',
  'migrations',
);

export interface MigrationState {
  /** Migrations shipped with this build. */
  expected: string[];
  /** Migrations the database reports as applied (finished, not rolled back). */
  applied: string[];
  /** Shipped but not applied. Non-empty means the schema is behind the code. */
  pending: string[];
  /** Started but never finished (a failed `migrate deploy`); needs an operator. */
  failed: string[];
  latest: string | null;
}

export async function listShippedMigrations(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Compares the shipped migrations with Prisma's `_prisma_migrations` table. */
export async function getMigrationState(
  db: PrismaClient,
  dir: string = MIGRATIONS_DIR,
  marks?: Record<string, number>,
): Promise<MigrationState> {
  let t = performance.now();
  const expected = await listShippedMigrations(dir);
  if (marks) (marks.dir = performance.now() - t), (t = performance.now());
  const tableExists = await db.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`;
  if (marks) (marks.regclass = performance.now() - t), (t = performance.now());
  const rows = tableExists[0]?.exists
    ? await db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
        SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL`
    : [];
  if (marks) marks.migsel = performance.now() - t;
  const applied = rows.filter((row) => row.finished_at !== null).map((row) => row.migration_name);
  const failed = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  const appliedSet = new Set(applied);
  return {
    expected,
    applied: applied.sort(),
    pending: expected.filter((name) => !appliedSet.has(name)),
    failed: failed.sort(),
    latest: applied.sort().at(-1) ?? null,
  };
}
