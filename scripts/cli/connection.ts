/**
 * Where the CLI's database is, decided like the launcher does (scripts/launch.ts):
 *
 * 1. DATABASE_URL when set.
 * 2. Otherwise the embedded database of $BATON_DATA_DIR. When a Baton launcher is serving it (the
 *    state file's launcherPid and PostgreSQL's postmaster.pid are both alive) the CLI connects to
 *    that server; PostgreSQL allows only one server per data directory, so it cannot start its own.
 * 3. When nothing serves it, the CLI starts the embedded PostgreSQL for the duration of the command
 *    (initialising a fresh directory exactly as `npm start` would, so a later start reuses it) and
 *    stops it afterwards.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedPostgres } from '../lib/embedded-postgres';

export type DatabaseSource = 'env' | 'running' | 'started';

export interface CliDatabase {
  url: string;
  source: DatabaseSource;
  /** Stops the embedded PostgreSQL when this command started it; otherwise nothing to do. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  log: (line: string) => void;
}

export async function openDatabase({
  dataDir,
  databaseUrl,
  log,
}: OpenDatabaseOptions): Promise<CliDatabase> {
  if (databaseUrl) return { url: databaseUrl, source: 'env', close: async () => {} };

  const running = await findRunningLauncher(dataDir);
  if (running) {
    const url = `postgresql://postgres:${encodeURIComponent(running.password)}@127.0.0.1:${running.port}/baton`;
    return { url, source: 'running', close: async () => {} };
  }

  log(`Starting the embedded PostgreSQL in ${path.join(dataDir, 'pg')} for this command …`);
  const embedded = await startEmbeddedPostgres({
    dataDir,
    log: (line) => {
      if (/FATAL|PANIC/.test(line)) log(`[postgres] ${line}`);
    },
  });
  return { url: embedded.url, source: 'started', close: () => embedded.stop() };
}

interface LauncherState {
  password: string;
  port: number;
}

/** The credentials of the embedded server when a live launcher owns it, else null. */
async function findRunningLauncher(dataDir: string): Promise<LauncherState | null> {
  let state: { password?: unknown; port?: unknown; launcherPid?: unknown };
  try {
    state = JSON.parse(await readFile(path.join(dataDir, 'embedded-pg.json'), 'utf8'));
  } catch {
    return null;
  }
  const { password, port, launcherPid } = state;
  if (typeof password !== 'string' || typeof port !== 'number') return null;
  if (typeof launcherPid !== 'number' || !isAlive(launcherPid)) return null;
  // A live launcherPid alone could be a recycled pid: the server itself must be up as well.
  const postmaster = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(
    () => '',
  );
  const postgresPid = Number.parseInt(postmaster.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(postgresPid) || !isAlive(postgresPid)) return null;
  return { password, port };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
