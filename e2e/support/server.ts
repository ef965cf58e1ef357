/**
 * Starts Baton for the end-to-end suite on a fresh database, so every run sees the same seeded
 * state: the embedded PostgreSQL in `.data/e2e` (wiped first), or — when DATABASE_URL names a local
 * server — a `baton_e2e` database on it (dropped first). Then runs the real launcher (`npm start`).
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT, quoteIdent, withDatabase } from '../../scripts/lib/database';
import { assertLocalDatabaseUrl } from '../../lib/testing/test-database';

const E2E_DATABASE = 'baton_e2e';
const env: NodeJS.ProcessEnv = { ...process.env, BATON_SEED_DEMO: '1' };

if (process.env.DATABASE_URL) {
  assertLocalDatabaseUrl(process.env.DATABASE_URL);
  const admin = new pg.Client({
    connectionString: withDatabase(process.env.DATABASE_URL, 'postgres'),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(E2E_DATABASE)} WITH (FORCE)`);
  await admin.end();
  env.DATABASE_URL = withDatabase(process.env.DATABASE_URL, E2E_DATABASE);
} else {
  const dataDir = path.join(PROJECT_ROOT, '.data', 'e2e');
  await rm(dataDir, { recursive: true, force: true });
  env.BATON_DATA_DIR = dataDir;
}

const launcher = spawn(
  path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
  [path.join(PROJECT_ROOT, 'scripts', 'launch.ts'), 'start'],
  { cwd: PROJECT_ROOT, env, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => launcher.kill(signal));
}
launcher.on('exit', (code) => process.exit(code ?? 0));
