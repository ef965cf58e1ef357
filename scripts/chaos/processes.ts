/**
 * The processes a chaos run starts and kills: `npm run worker`'s script and `npm start`'s launcher,
 * each with its output in a log file under the run's directory (printed when something fails).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/database';

export const CHAOS_SECRET = 'chaos-secret-key-0123456789abcdef-0123456789abcdef';

export interface Started {
  child: ChildProcess;
  log: string;
  alive(): boolean;
  exited: Promise<void>;
}

function start(name: string, args: string[], env: Record<string, string>, logDir: string): Started {
  const log = path.join(logDir, `${name}.log`);
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      BATON_SECRET_KEY: CHAOS_SECRET,
      LOG_LEVEL: 'warn',
      // The chaos agents run on loopback, which the SSRF guard refuses unless allowed (ADR 0050).
      BATON_AGENT_ALLOW_NETWORKS: '127.0.0.0/8,::1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => out.end());
  return {
    child,
    log,
    alive: () => child.exitCode === null && child.signalCode === null,
    exited,
  };
}

/** A worker process (tsx as a loader, so `kill -9` hits the worker itself). */
export function startWorkerProcess(
  name: string,
  databaseUrl: string,
  logDir: string,
  concurrency = 8,
): Started {
  return start(
    name,
    ['--import', 'tsx', 'scripts/worker.ts'],
    { DATABASE_URL: databaseUrl, BATON_WORKER_CONCURRENCY: String(concurrency) },
    logDir,
  );
}

/** `npm start`'s launcher (it builds when the sources changed, then runs `next start`). */
export function startWebServer(
  name: string,
  options: {
    databaseUrl: string;
    port: number;
    dataDir: string;
    worker: boolean;
    logDir: string;
    /** More environment for the server (e.g. a rate limit a scenario must lift). */
    env?: Record<string, string>;
  },
): Started {
  return start(
    name,
    ['--import', 'tsx', 'scripts/launch.ts', 'start'],
    {
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      BATON_DATA_DIR: options.dataDir,
      BATON_WORKER: options.worker ? '1' : '0',
      BATON_SEED_DEMO: '0',
      BATON_HEALTH_MONITOR: '0',
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
    },
    options.logDir,
  );
}

export async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 within ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGKILL a process and all its descendants (the launcher, `next start` and its children). */
export async function killTree(pid: number): Promise<void> {
  const children = await childPids(pid);
  for (const child of children) await killTree(child);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function childPids(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function stopGracefully(started: Started, timeoutMs = 30_000): Promise<void> {
  if (!started.alive()) return;
  started.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (started.child.pid) void killTree(started.child.pid);
  }, timeoutMs);
  await started.exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const randomBetween = (min: number, max: number) => min + Math.random() * (max - min);

/** VmRSS (KiB) of a process and all its descendants. */
export async function treeRssKiB(pid: number): Promise<number> {
  let total = 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const child of children.trim().split(/\s+/).filter(Boolean)) {
    total += await treeRssKiB(Number(child));
  }
  return total;
}
