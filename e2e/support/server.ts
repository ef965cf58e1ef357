/**
 * Starts Baton for the end-to-end suite on a fresh database, so every run starts as a fresh install:
 * the embedded PostgreSQL in `.data/e2e` (wiped first), or — when DATABASE_URL names a local
 * server — a `baton_e2e` database on it (dropped first). Then runs the real launcher (`npm start`),
 * copying its output to test-results/e2e-server.log as well as to the console.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { quoteIdent, withDatabase } from '../../scripts/lib/database';
import { assertLocalDatabaseUrl } from '../../lib/testing/test-database';
import { E2E_DATA_DIR, E2E_DATABASE, E2E_SERVER_LOG, PROJECT_ROOT } from './paths';

const env: NodeJS.ProcessEnv = {
  ...process.env,
  BATON_SEED_DEMO: '1',
  BATON_DATA_DIR: E2E_DATA_DIR,
};
delete env.BATON_SECRET_KEY; // generated into .data/e2e, where the fixtures find it

await rm(E2E_DATA_DIR, { recursive: true, force: true });
if (process.env.DATABASE_URL) {
  assertLocalDatabaseUrl(process.env.DATABASE_URL);
  const admin = new pg.Client({
    connectionString: withDatabase(process.env.DATABASE_URL, 'postgres'),
  });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(E2E_DATABASE)} WITH (FORCE)`);
  await admin.end();
  env.DATABASE_URL = withDatabase(process.env.DATABASE_URL, E2E_DATABASE);
}

await mkdir(path.dirname(E2E_SERVER_LOG), { recursive: true });
const log = createWriteStream(E2E_SERVER_LOG);
const launcher = spawn(
  path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
  [path.join(PROJECT_ROOT, 'scripts', 'launch.ts'), 'start'],
  { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
);
for (const stream of [launcher.stdout, launcher.stderr]) {
  stream.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => launcher.kill(signal));
}
launcher.on('exit', (code) => {
  log.end();
  process.exit(code ?? 0);
});
