import { getMigrationState, MIGRATIONS_DIR, type MigrationState } from '../migrations';
import type { PrismaClient } from '../prisma';

export interface SystemHealth {
  ok: boolean;
  database: { ok: boolean; latencyMs: number | null; error?: string };
  migrations: (MigrationState & { ok: boolean }) | { ok: false; error: string };
}

/** Never throws: every failure becomes part of the report, so the health endpoint can answer 503. */
export async function checkSystemHealth(
  db: PrismaClient,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<SystemHealth> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    return {
      ok: false,
      database: { ok: false, latencyMs: null, error: describeDbError(error) },
      migrations: { ok: false, error: 'database unreachable' },
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;
  try {
    const state = await getMigrationState(db, migrationsDir);
    const migrationsOk = state.pending.length === 0 && state.failed.length === 0;
    return {
      ok: migrationsOk,
      database: { ok: true, latencyMs },
      migrations: { ...state, ok: migrationsOk },
    };
  } catch (error) {
    return {
      ok: false,
      database: { ok: true, latencyMs },
      migrations: { ok: false, error: describeDbError(error) },
    };
  }
}

/** A short, credential-free description of a connection error for operators. */
function describeDbError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === '3D000') return 'database does not exist';
  if (code === '28P01') return 'authentication failed';
  return typeof code === 'string' ? `database error ${code}` : 'database error';
}
