/**
 * `npm run bench`: Baton's benchmarks on a real PostgreSQL and a production build. Prints a table
 * (medians and tails, never single runs) and writes bench-results/<suite>.json.
 *
 *   npm run bench                 every suite
 *   npm run bench -- execution    one suite (`registry`, `execution`, `recovery`, `peers`, `graph`)
 *
 * Database: the embedded PostgreSQL in .data/bench (fresh each run), or — when DATABASE_URL names a
 * local server — databases on it (dropped first). Each suite gets its own database, so one suite's
 * rows (10,000 registry agents) never weigh on another's figures; the peers suite also gives
 * graphile-worker and LangGraph an empty database each on the same server. BENCH_SKIP_SERVER=1 skips the
 * part of the registry suite that needs the production server.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createAuth } from '@/lib/auth/auth-instance';
import { createUserWithPassword } from '@/lib/auth/users';
import { deriveKey } from '@/lib/crypto/secrets';
import { createPrismaClient } from '@/lib/db/prisma';
import { logger } from '@/lib/logger';
import { assertLocalDatabaseUrl } from '@/lib/testing/test-database';
import { benchExecution } from './bench/execution';
import { benchGraph } from './bench/graph';
import { benchPeers, formatComparison } from './bench/peers';
import { benchRecovery } from './bench/recovery';
import { benchAgentsPage, benchRegistryQueries, seedAgents } from './bench/registry';
import { printTable, type Measurement } from './bench/stats';
import {
  applyMigrations,
  ensureDatabaseExists,
  PROJECT_ROOT,
  quoteIdent,
  withDatabase,
} from './lib/database';
import { startEmbeddedPostgres } from './lib/embedded-postgres';

const BENCH_DIR = path.join(PROJECT_ROOT, '.data', 'bench');
const APP_DIR = path.join(PROJECT_ROOT, '.data', 'bench-app');
const PORT = Number(process.env.BENCH_PORT ?? 3199);
const SUITES = ['registry', 'execution', 'recovery', 'peers', 'graph'] as const;
type Suite = (typeof SUITES)[number];
const say = (message: string) => console.log(`[bench] ${message}`);
// The benchmark agents run on loopback, which the SSRF guard refuses unless allowed (ADR 0050).
process.env.BATON_AGENT_ALLOW_NETWORKS ??= '127.0.0.0/8,::1';

function parseSuites(args: readonly string[]): Suite[] {
  const unknown = args.filter((arg) => !(SUITES as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    console.error(`Unknown suite ${unknown.join(', ')}: choose from ${SUITES.join(', ')}.`);
    process.exit(2);
  }
  return args.length === 0 ? [...SUITES] : SUITES.filter((suite) => args.includes(suite));
}

async function main() {
  const suites = parseSuites(process.argv.slice(2));
  // The engine logs every attempt at info: thousands of lines would bury the table.
  if (process.env.LOG_LEVEL === undefined) logger.level = 'warn';
  await rm(BENCH_DIR, { recursive: true, force: true });
  await rm(APP_DIR, { recursive: true, force: true });
  let serverUrl: string;
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: BENCH_DIR, database: 'baton_bench' });
  if (process.env.DATABASE_URL) {
    assertLocalDatabaseUrl(process.env.DATABASE_URL);
    serverUrl = process.env.DATABASE_URL;
  } else {
    serverUrl = embedded!.url;
  }
  try {
    if (suites.includes('registry')) {
      await finish('registry', await runRegistry(await freshDatabase(serverUrl, 'baton_bench')));
    }
    if (suites.includes('execution')) {
      const started = Date.now();
      const connectionString = await freshDatabase(serverUrl, 'baton_bench_execution');
      say('Execution: a webhook and a no-op agent, a worker in this process …');
      const report = await benchExecution({
        connectionString,
        progress: (line) =>
          say(`execution: ${line} (${Math.round((Date.now() - started) / 1000)} s)`),
      });
      await finish('execution', report.results, {
        ratios: report.ratios,
        cpuMsPerTask: report.cpuMsPerTask,
        config: report.config,
      });
    }
    if (suites.includes('recovery')) {
      const started = Date.now();
      const connectionString = await freshDatabase(serverUrl, 'baton_bench_recovery');
      say('Recovery: two worker processes, one killed with -9 per round …');
      const report = await benchRecovery({
        connectionString,
        progress: (line) =>
          say(`recovery: ${line} (${Math.round((Date.now() - started) / 1000)} s)`),
      });
      await finish('recovery', report.results, {
        duplicatesWithNewKey: report.duplicatesWithNewKey,
        config: report.config,
      });
    }
    if (suites.includes('peers')) {
      const started = Date.now();
      const batonUrl = await freshDatabase(serverUrl, 'baton_bench_peers');
      const queueUrl = await emptyDatabase(serverUrl, 'baton_bench_peers_graphile');
      const langGraphUrl = await emptyDatabase(serverUrl, 'baton_bench_peers_langgraph');
      say('Peers: graphile-worker alone, LangGraph JS with PostgresSaver, Baton (no-op agent) …');
      const report = await benchPeers({
        batonUrl,
        queueUrl,
        langGraphUrl,
        progress: (line) => say(`peers: ${line} (${Math.round((Date.now() - started) / 1000)} s)`),
      });
      console.log(formatComparison(report.comparison));
      console.log('');
      await finish('peers', report.results, {
        comparison: report.comparison,
        figures: report.figures,
        ratios: report.ratios,
        config: report.config,
      });
    }
    if (suites.includes('graph')) {
      const started = Date.now();
      const databaseUrl = await freshDatabase(serverUrl, 'baton_bench_graph');
      const db = createPrismaClient({ connectionString: databaseUrl, max: 4 });
      say('Graph: two 500-task requests, the production server, Chromium …');
      const server = await startServer(databaseUrl);
      try {
        const report = await benchGraph({
          db,
          baseUrl: `http://localhost:${PORT}`,
          cookie: await signInCookie(db),
          progress: (line) =>
            say(`graph: ${line} (${Math.round((Date.now() - started) / 1000)} s)`),
        });
        await finish('graph', report.results, { config: report.config });
      } finally {
        await server.stop();
        await db.$disconnect();
      }
    }
  } finally {
    await embedded?.stop();
  }
}

/** The production server (`npm start`, built when the sources changed) on `PORT`, once healthy. */
async function startServer(databaseUrl: string): Promise<{ stop: () => Promise<void> }> {
  say('Starting the production server (builds when needed) …');
  const server = spawn(
    path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/launch.ts', 'start'],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(PORT),
        BATON_DATA_DIR: APP_DIR,
        BATON_SEED_DEMO: '0',
        BATON_HEALTH_MONITOR: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const stop = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGINT');
    await new Promise((resolve) => server.once('exit', resolve));
  };
  try {
    await waitForHealth(`http://localhost:${PORT}/api/v1/health`, 300_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

/** Drops (when left over) and creates `name` on the server of `serverUrl`, then migrates it. */
async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const url = await emptyDatabase(serverUrl, name);
  await applyMigrations(url);
  return url;
}

/** Drops (when left over) and creates `name` on the server of `serverUrl`, with no tables. */
async function emptyDatabase(serverUrl: string, name: string): Promise<string> {
  const url = withDatabase(serverUrl, name);
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabaseExists(url);
  return url;
}

async function runRegistry(databaseUrl: string): Promise<Measurement[]> {
  const results: Measurement[] = [];
  const db = createPrismaClient({ connectionString: databaseUrl, max: 4 });
  let server: { stop: () => Promise<void> } | undefined;
  try {
    say('Seeding 10,000 agents …');
    await seedAgents(db);
    say('Timing registry queries …');
    results.push(...(await benchRegistryQueries(db)));

    if (process.env.BENCH_SKIP_SERVER === '1') return results;
    server = await startServer(databaseUrl);
    const cookie = await signInCookie(db);
    say('Timing the Agents page …');
    results.push(...(await benchAgentsPage(`http://localhost:${PORT}`, cookie)));
    return results;
  } finally {
    await server?.stop();
    await db.$disconnect();
  }
}

async function finish(
  suite: Suite,
  results: Measurement[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  printTable(results);
  const out = path.join(PROJECT_ROOT, 'bench-results');
  await mkdir(out, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    results,
    ...extra,
  };
  await writeFile(path.join(out, `${suite}.json`), `${JSON.stringify(report, null, 2)}\n`);
  say(`Wrote bench-results/${suite}.json`);
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`The server did not become healthy within ${timeoutMs / 1000}s`);
}

/** Creates an admin and signs in with better-auth directly, returning the session cookie. */
async function signInCookie(db: ReturnType<typeof createPrismaClient>): Promise<string> {
  const key = Buffer.from(
    (await readFile(path.join(APP_DIR, 'secret.key'), 'utf8')).trim(),
    'utf8',
  );
  const auth = createAuth({
    db,
    secret: deriveKey(key, 'auth').toString('hex'),
    baseURL: `http://localhost:${PORT}`,
    secureCookies: false,
  });
  const password = 'bench-password-0123456789';
  const email = 'bench@baton.test';
  await createUserWithPassword(auth, db, { email, name: 'Bench', role: 'admin', password });
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const setCookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!setCookie.includes('session_token')) throw new Error('sign-in returned no session cookie');
  return setCookie;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
