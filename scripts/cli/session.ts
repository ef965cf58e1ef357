/**
 * The CLI's database session, opened on first use (help and usage errors never touch a database)
 * and closed once by the runner, which also stops an embedded PostgreSQL the command started.
 *
 * Before any command runs, the schema must match this version of Baton. An embedded database the
 * CLI started itself is migrated here (a fresh data directory works before the first `npm start`);
 * a database given by DATABASE_URL or served by a running launcher is only checked, since
 * migrating it is the launcher's job (`npm start`, or `npm run db:deploy`).
 */
import path from 'node:path';
import type { BatonAuth } from '@/lib/auth/auth-instance';
import { deriveKey, readMasterKey } from '@/lib/crypto/secrets';
import { getMigrationState } from '@/lib/db/migrations';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import { applyMigrations, ensureDatabaseExists, PROJECT_ROOT, redactUrl } from '../lib/database';
import { checkKeyFingerprint, resolveSecretKey } from '../lib/secret-key';
import type { CliSession } from './command';
import { openDatabase, type CliDatabase } from './connection';

const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

export interface SessionOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Progress notes for the operator (stderr). */
  log: (line: string) => void;
}

interface Opened {
  database: CliDatabase;
  db: PrismaClient;
}

export function createSession({ dataDir, env, log }: SessionOptions): CliSession {
  let opening: Promise<Opened> | undefined;
  let authorising: Promise<BatonAuth> | undefined;

  async function open(): Promise<Opened> {
    let database: CliDatabase;
    try {
      database = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL, log });
    } catch (error) {
      throw new AppError('UNAVAILABLE', messageOf(error), { cause: error });
    }
    const db = createPrismaClient({ connectionString: database.url, max: 2 });
    try {
      await prepareSchema(db, database, log);
      return { database, db };
    } catch (error) {
      await db.$disconnect();
      await database.close();
      throw error;
    }
  }

  function opened(): Promise<Opened> {
    opening ??= open();
    return opening;
  }

  async function openAuth(): Promise<BatonAuth> {
    const { database, db } = await opened();
    const secret = await resolveSecretKey(dataDir);
    if (secret.source === 'generated') {
      log(`Generated a secret key in ${path.join(dataDir, 'secret.key')} (keep it).`);
    }
    try {
      await checkKeyFingerprint(database.url, secret.key);
    } catch (error) {
      throw new AppError('CONFLICT', messageOf(error), { cause: error });
    }
    env.BATON_SECRET_KEY = secret.key;
    // better-auth takes ~1.5 s to import; only commands that hash passwords pay for it.
    const { createAuth } = await import('@/lib/auth/auth-instance');
    const baseURL = env.BATON_PUBLIC_URL ?? 'http://localhost:3000';
    return createAuth({
      db,
      secret: deriveKey(readMasterKey(env), 'auth').toString('hex'),
      baseURL,
      secureCookies: baseURL.startsWith('https://'),
    });
  }

  return {
    async db() {
      return (await opened()).db;
    },
    auth() {
      authorising ??= openAuth();
      return authorising;
    },
    async close() {
      const current = await opening?.catch(() => undefined);
      if (!current) return;
      await current.db.$disconnect();
      await current.database.close();
    },
  };
}

async function prepareSchema(
  db: PrismaClient,
  database: CliDatabase,
  log: (line: string) => void,
): Promise<void> {
  let state: Awaited<ReturnType<typeof getMigrationState>>;
  try {
    if (database.source === 'started') await ensureDatabaseExists(database.url);
    state = await getMigrationState(db, MIGRATIONS_DIR);
  } catch (error) {
    throw new AppError(
      'UNAVAILABLE',
      `Cannot use the database at ${redactUrl(database.url)}: ${driverMessageOf(error)}`,
      { cause: error },
    );
  }
  if (state.failed.length > 0) {
    throw new AppError(
      'CONFLICT',
      `The migration ${state.failed.join(', ')} failed earlier and must be resolved first ` +
        `(see \`npx prisma migrate status\`).`,
    );
  }
  if (state.pending.length === 0) return;
  if (database.source === 'started') {
    log(`Applying ${state.pending.length} database migration(s) …`);
    await applyMigrations(database.url);
    return;
  }
  throw new AppError(
    'CONFLICT',
    `The database is ${state.pending.length} migration(s) behind this version of Baton. ` +
      (database.source === 'running'
        ? 'Restart Baton (`npm start`) to apply them, then try again.'
        : 'Apply them with `npm run db:deploy` (or start Baton once), then try again.'),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Prisma wraps driver errors in a multi-line invocation report; the driver's message is the news. */
function driverMessageOf(error: unknown): string {
  const message = messageOf(error);
  return /Message: `([^`]+)`/.exec(message)?.[1] ?? message.trim().split('\n').at(-1)!;
}
