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

/**
 * A short, credential-free description of a database error for operators. Prisma's pg adapter wraps
 * driver failures as `P2010` with `meta.driverAdapterError.cause.kind` (e.g. DatabaseNotReachable);
 * raw `pg` errors carry a SQLSTATE or errno `code`.
 */
export function describeDbError(error: unknown): string {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } })?.meta
    ?.driverAdapterError?.cause;
  const kind = typeof cause?.kind === 'string' ? cause.kind : undefined;
  const byKind: Record<string, string> = {
    DatabaseNotReachable: 'connection refused',
    DatabaseDoesNotExist: 'database does not exist',
    AuthenticationFailed: 'authentication failed',
    DatabaseAccessDenied: 'access denied',
    TooManyConnections: 'too many connections',
    SocketTimeout: 'connection timed out',
  };
  if (kind) return byKind[kind] ?? `database error (${kind})`;
  const code = (error as { code?: unknown })?.code;
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    ETIMEDOUT: 'connection timed out',
    '3D000': 'database does not exist',
    '28P01': 'authentication failed',
    '57P01': 'database shutting down',
    '57P03': 'database starting up or shutting down',
    ENOENT: 'migrations folder missing from this build',
  };
  if (typeof code === 'string') return byCode[code] ?? `database error ${code}`;
  return 'database error';
}
