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

const globalForMigrations = globalThis as typeof globalThis & {
  batonShippedMigrations?: Map<string, Promise<string[]>>;
};

/**
 * listShippedMigrations, read once per process and directory: the migrations a build ships cannot
 * change under the running process, and `/api/v1/health` asks on every probe (ADR 0057, addendum
 * "chaos4"). A failed read is not kept, so the next call tries again.
 */
export function shippedMigrations(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const cache = (globalForMigrations.batonShippedMigrations ??= new Map());
  let listing = cache.get(dir);
  if (!listing) {
    listing = listShippedMigrations(dir);
    cache.set(dir, listing);
    listing.catch(() => cache.delete(dir));
  }
  return listing;
}

/** One row of `_prisma_migrations` that was not rolled back. */
export interface MigrationRow {
  name: string;
  finished: boolean;
}

/** The shipped migrations against the database's rows (pure). */
export function compareMigrations(
  expected: readonly string[],
  rows: readonly MigrationRow[],
): MigrationState {
  const applied = rows.filter((row) => row.finished).map((row) => row.name);
  const failed = rows.filter((row) => !row.finished).map((row) => row.name);
  const appliedSet = new Set(applied);
  applied.sort();
  return {
    expected: [...expected],
    applied,
    pending: expected.filter((name) => !appliedSet.has(name)),
    failed: failed.sort(),
    latest: applied.at(-1) ?? null,
  };
}

/** Compares the shipped migrations with Prisma's `_prisma_migrations` table. */
export async function getMigrationState(
  db: PrismaClient,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationState> {
  const expected = await shippedMigrations(dir);
  const tableExists = await db.$queryRaw<{ exists: boolean }[]>`
    SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`;
  const rows = tableExists[0]?.exists
    ? await db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
        SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL`
    : [];
  return compareMigrations(
    expected,
    rows.map((row) => ({ name: row.migration_name, finished: row.finished_at !== null })),
  );
}
