/**
 * Baton's launcher: `npm start` (production) and `npm run dev`.
 *
 * 1. Database: DATABASE_URL when set; otherwise an embedded PostgreSQL with its data in
 *    `$BATON_DATA_DIR/pg` (default `.data/pg`).
 * 2. Creates the database if missing and applies pending migrations (`prisma migrate deploy`).
 * 3. Secret key: BATON_SECRET_KEY, or one generated once into `$BATON_DATA_DIR/secret.key`.
 *    Seeds the builtin demo agents on the first run only (embedded database by default; see
 *    BATON_SEED_DEMO).
 * 4. `start`: builds the app when the sources changed since the last build, then `next start`.
 *    `dev`: `next dev`. `db`: only the database (prints its URL; for tools and debugging).
 * 5. Ctrl-C / SIGTERM: stops Next.js, then PostgreSQL, and exits. Nothing is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPrismaClient } from '@/lib/db/prisma';
import { seedDemoData } from '@/lib/db/seed';
import { applyMigrations, ensureDatabaseExists, PROJECT_ROOT, redactUrl } from './lib/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres';
import { checkKeyFingerprint, resolveSecretKey } from './lib/secret-key';

type Mode = 'start' | 'dev' | 'db';

const mode = (process.argv[2] ?? 'start') as Mode;
if (!['start', 'dev', 'db'].includes(mode)) {
  console.error(`Unknown mode "${mode}". Use: start | dev | db`);
  process.exit(2);
}

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a TCP port number (1-65535), got "${process.env.PORT}".`);
  process.exit(2);
}
const dataDir = path.resolve(PROJECT_ROOT, process.env.BATON_DATA_DIR ?? '.data');
const logPostgres = process.env.BATON_LOG_POSTGRES === '1';

const say = (message: string) => console.log(`[baton] ${message}`);

let embedded: EmbeddedDatabase | undefined;
let app: ChildProcess | undefined;
let shuttingDown = false;

async function shutdown(signal: NodeJS.Signals | null, exitCode: number): Promise<never> {
  if (shuttingDown) {
    // A second Ctrl-C while stopping: do not abandon PostgreSQL, just keep waiting.
    return new Promise<never>(() => {});
  }
  shuttingDown = true;
  if (app && app.exitCode === null && app.signalCode === null) {
    say('Stopping the web server …');
    app.kill(signal ?? 'SIGTERM');
    await new Promise((resolve) => app!.once('exit', resolve));
  }
  if (embedded) {
    say('Stopping the embedded PostgreSQL …');
    await embedded
      .stop()
      .catch((error: unknown) => say(`PostgreSQL stop failed: ${String(error)}`));
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // embedded-postgres installs its own signal hooks (async-exit-hook) that stop PostgreSQL and exit
  // at once, which would orphan the web server. Our shutdown stops both, in order.
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal, 0));
}

async function main(): Promise<void> {
  const databaseUrl = await resolveDatabase();

  say('Applying database migrations …');
  await ensureDatabaseExists(databaseUrl);
  await applyMigrations(databaseUrl, (line) => {
    if (/migration|applied|No pending|Applying/i.test(line)) say(`  ${line.trim()}`);
  });

  const secret = await resolveSecretKey(dataDir);
  if (secret.source === 'generated') {
    say(
      `Generated a secret key in ${path.join(displayPath(dataDir), 'secret.key')} (keep it: it encrypts stored secrets).`,
    );
    if (process.env.DATABASE_URL) {
      say(
        '  With a shared DATABASE_URL, set the same BATON_SECRET_KEY on every Baton host instead.',
      );
    }
  }
  await checkKeyFingerprint(databaseUrl, secret.key);
  process.env.BATON_SECRET_KEY = secret.key;

  await seedIfFirstRun(databaseUrl);

  if (mode === 'db') {
    say(`Database ready: ${databaseUrl}`);
    say('Press Ctrl-C to stop.');
    return;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BATON_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
  };

  if (mode === 'start') await buildIfNeeded(env);

  const nextBin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next');
  const args = mode === 'dev' ? ['dev', '-p', String(port)] : ['start', '-p', String(port)];
  say(`Starting Baton on http://localhost:${port} …`);
  app = spawn(nextBin, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
  app.on('exit', (code, signal) => {
    if (shuttingDown) return;
    // Ctrl-C reaches the web server and us at once; its exit by signal is part of a normal stop.
    const stoppedBySignal = signal === 'SIGINT' || signal === 'SIGTERM';
    if (!stoppedBySignal) say(`The web server exited (${signal ?? `code ${code}`}).`);
    void shutdown(null, stoppedBySignal ? 0 : (code ?? 1));
  });
}

async function resolveDatabase(): Promise<string> {
  if (process.env.DATABASE_URL) {
    say(`Using the database at ${redactUrl(process.env.DATABASE_URL)}`);
    return process.env.DATABASE_URL;
  }
  say(`Starting the embedded PostgreSQL (data in ${path.join(displayPath(dataDir), 'pg')}) …`);
  embedded = await startEmbeddedPostgres({
    dataDir,
    log: (line) => {
      if (logPostgres || /FATAL|PANIC|ERROR/.test(line)) console.log(`[postgres] ${line}`);
    },
  });
  say(`Embedded PostgreSQL is listening on 127.0.0.1:${embedded.port}`);
  return embedded.url;
}

/** A path relative to the project when inside it, absolute otherwise. */
function displayPath(absolute: string): string {
  const relative = path.relative(PROJECT_ROOT, absolute);
  return relative && !relative.startsWith('..') ? relative : absolute;
}

/**
 * Demo data is for a fresh embedded install. A database given by DATABASE_URL is someone's real
 * server, so it is seeded only when asked (BATON_SEED_DEMO=1, or `npm run db:seed`).
 * docs/decisions/0001-embedded-postgres.md.
 */
async function seedIfFirstRun(databaseUrl: string): Promise<void> {
  const setting = process.env.BATON_SEED_DEMO;
  const wanted =
    setting === undefined ? !process.env.DATABASE_URL : setting === '1' || setting === 'true';
  if (!wanted) return;
  const db = createPrismaClient({ connectionString: databaseUrl, max: 1 });
  try {
    const result = await seedDemoData(db);
    if (result.seeded) say(`First run: registered ${result.agentsCreated} builtin demo agent(s).`);
  } finally {
    await db.$disconnect();
  }
}

/** Files whose change requires a new production build. */
const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'prisma/schema.prisma',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'instrumentation.ts',
];
const FINGERPRINT_FILE = path.join(PROJECT_ROOT, '.next', 'baton-build-fingerprint');

async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<void> {
  if (process.env.BATON_SKIP_BUILD === '1') return;
  const fingerprint = await fingerprintSources();
  const previous = await readFile(FINGERPRINT_FILE, 'utf8').catch(() => null);
  const hasBuild = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
  if (hasBuild && previous === fingerprint) return;
  say(
    hasBuild
      ? 'Sources changed since the last build: rebuilding …'
      : 'No production build yet: building (about a minute) …',
  );
  const nextBin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next');
  // The build needs no database; do not hand it one.
  const { DATABASE_URL: _omit, ...buildEnv } = env;
  await new Promise<void>((resolve, reject) => {
    const build = spawn(nextBin, ['build'], { cwd: PROJECT_ROOT, env: buildEnv, stdio: 'inherit' });
    app = build;
    build.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
  app = undefined;
  await writeFile(FINGERPRINT_FILE, fingerprint);
}

/** A hash of the path, size and mtime of every build input (cheap; a clean clone always builds). */
async function fingerprintSources(): Promise<string> {
  const hash = createHash('sha256');
  async function visit(relative: string): Promise<void> {
    const absolute = path.join(PROJECT_ROOT, relative);
    const info = await stat(absolute).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      if (relative.endsWith(path.join('lib', 'db', 'generated'))) return;
      const entries = (await readdir(absolute)).sort();
      for (const entry of entries) await visit(path.join(relative, entry));
      return;
    }
    hash.update(`${relative}\0${info.size}\0${info.mtimeMs}\n`);
  }
  for (const input of BUILD_INPUTS) await visit(input);
  return hash.digest('hex');
}

main().catch((error: unknown) => {
  console.error(`[baton] ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(null, 1);
});
