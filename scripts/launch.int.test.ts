/**
 * The launcher's embedded-database lifecycle, for real: first start migrates and seeds, Ctrl-C leaves
 * no PostgreSQL behind, the next start reuses the data, a second instance on the same data directory
 * is refused with a clear message, and a server orphaned by a SIGKILLed launcher is recovered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
let dataDir: string;
const running = new Set<ChildProcess>();

interface Launched {
  child: ChildProcess;
  output: () => string;
  ready: Promise<string>;
  exited: Promise<number | null>;
}

function launch(): Launched {
  const { DATABASE_URL: _omit, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/launch.ts'), 'db'],
    {
      cwd: ROOT,
      env: { ...env, BATON_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Database ready: (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`launcher exited (${code}) before ready:\n${output}`)),
    );
  });
  ready.catch(() => {});
  return { child, output: () => output, ready, exited };
}

/** PostgreSQL processes serving our data directory. */
function postgresProcesses(): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(path.join(dataDir, 'pg')) && /postgres/.test(line));
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'baton-launch-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  for (const child of running) child.kill('SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await rm(dataDir, { recursive: true, force: true });
});

describe('launcher with the embedded database', () => {
  it('migrates and seeds on first start, refuses a second instance, and leaves nothing behind on Ctrl-C', async () => {
    const first = launch();
    const url = await first.ready;
    expect(first.output()).toContain('First run: registered 4 builtin demo agent(s).');

    const agents = await query<{ name: string }>(url, 'SELECT name FROM agents ORDER BY name');
    expect(agents.map((a) => a.name)).toEqual([
      'calculator',
      'json-formatter',
      'synthesizer',
      'text-tools',
    ]);
    await query(
      url,
      `INSERT INTO settings (key, value, updated_at) VALUES ('probe', '"kept"', now())`,
    );

    const second = launch();
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('Another Baton instance is using the embedded database');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });

  it('reuses the data on the next start without seeding again', async () => {
    const again = launch();
    const url = await again.ready;
    expect(again.output()).not.toContain('First run');
    const rows = await query<{ value: string }>(
      url,
      `SELECT value FROM settings WHERE key = 'probe'`,
    );
    expect(rows).toEqual([{ value: 'kept' }]);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });

  it('recovers a PostgreSQL orphaned by a launcher killed with SIGKILL', async () => {
    const doomed = launch();
    await doomed.ready;
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    expect(postgresProcesses()).not.toEqual([]); // the orphan is still running

    // The next start takes over: it stops the orphan (or finds it already gone) and serves the same data.
    const next = launch();
    const url = await next.ready;
    const rows = await query<{ value: string }>(
      url,
      `SELECT value FROM settings WHERE key = 'probe'`,
    );
    expect(rows).toEqual([{ value: 'kept' }]);
    next.child.kill('SIGINT');
    expect(await next.exited).toBe(0);
    expect(postgresProcesses()).toEqual([]);
  });
});
