/**
 * `npm run chaos`: Baton's promises under fire (issue 12), on loopback only, bounded in time. Not
 * part of `npm test`: it kills processes and restarts PostgreSQL for minutes.
 *
 *   npm run chaos                      every scenario
 *   npm run chaos -- kills restart     some (`kills`, `restart`, `webkill`, `fuzz`, `hostile`)
 *   CHAOS_KILLS=100 (default) CHAOS_TASKS=1000 (default) CHAOS_FUZZ_PAYLOADS=10000 (default)
 *   CHAOS_VICTIMS=random (default: any running worker) | busy (one with a call in flight)
 *
 * Runs its own embedded PostgreSQL in .data/chaos (fresh each run; it has to stop and start it),
 * prints a table, writes bench-results/chaos.json, and exits 1 when any invariant is violated.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { printTable } from './bench/stats';
import { badInput } from './chaos/fuzz';
import { hostileAgents } from './chaos/hostile';
import { violations } from './chaos/invariants';
import {
  databaseRestart,
  webServerKill,
  workerKills,
  type ScenarioReport,
} from './chaos/scenarios';
import { applyMigrations, PROJECT_ROOT, quoteIdent, withDatabase } from './lib/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './lib/embedded-postgres';

const SCENARIOS = ['kills', 'restart', 'webkill', 'fuzz', 'hostile'] as const;
type Scenario = (typeof SCENARIOS)[number];
const CHAOS_DIR = path.join(PROJECT_ROOT, '.data', 'chaos');
const PORT = Number(process.env.CHAOS_PORT ?? 3198);
const say = (line: string) => console.log(`[chaos] ${line}`);

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a positive integer, got "${raw}".`);
    process.exit(2);
  }
  return value;
}

async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  await applyMigrations(url);
  return url;
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !(SCENARIOS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown scenario ${unknown.join(', ')}: choose from ${SCENARIOS.join(', ')}.`);
    process.exit(2);
  }
  const chosen: Scenario[] =
    args.length === 0 ? [...SCENARIOS] : SCENARIOS.filter((s) => args.includes(s));
  const targetKills = positiveInt('CHAOS_KILLS', 100);
  const minTasks = positiveInt('CHAOS_TASKS', 1_000);
  const victims = process.env.CHAOS_VICTIMS ?? 'random';
  if (victims !== 'random' && victims !== 'busy') {
    console.error(`CHAOS_VICTIMS must be random or busy, got "${victims}".`);
    process.exit(2);
  }
  const started = Date.now();

  await rm(CHAOS_DIR, { recursive: true, force: true });
  await mkdir(CHAOS_DIR, { recursive: true });
  let server: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir: path.join(CHAOS_DIR, 'db'),
    database: 'postgres',
  });
  const port = server.port;
  const reports: ScenarioReport[] = [];
  try {
    for (const scenario of chosen) {
      const runDir = path.join(CHAOS_DIR, scenario);
      await mkdir(runDir, { recursive: true });
      const databaseUrl = await freshDatabase(server.adminUrl, `baton_chaos_${scenario}`);
      const ctx = { databaseUrl, runDir, say };
      say(`${scenario}: logs in ${path.relative(PROJECT_ROOT, runDir)}`);
      const report =
        scenario === 'kills'
          ? await workerKills(ctx, { targetKills, minTasks, victims })
          : scenario === 'restart'
            ? await databaseRestart({
                ...ctx,
                port: PORT,
                stopServer: () => server.stop(),
                restartServer: async () => {
                  server = await startEmbeddedPostgres({
                    dataDir: path.join(CHAOS_DIR, 'db'),
                    database: 'postgres',
                    port,
                  });
                  return server;
                },
              })
            : scenario === 'webkill'
              ? await webServerKill({ ...ctx, port: PORT })
              : scenario === 'fuzz'
                ? await badInput(ctx, {
                    port: PORT,
                    payloads: positiveInt('CHAOS_FUZZ_PAYLOADS', 10_000),
                    concurrency: 8,
                  })
                : await hostileAgents({ ...ctx, port: PORT });
      reports.push(report);
      say(
        `${scenario}: ${report.ok ? 'ok' : 'FAILED'} in ${Math.round(report.durationMs / 1000)} s`,
      );
      for (const [key, value] of Object.entries({ ...report.figures, ...report.invariants })) {
        say(`  ${key}: ${value}`);
      }
    }
  } finally {
    await server.stop();
  }

  console.log('');
  const header = ['scenario', 'ok', 'seconds', 'tasks', 'lost', 'doubled', 'violations', 'figures'];
  const rows = reports.map((r) => [
    r.scenario,
    r.ok ? 'yes' : 'NO',
    String(Math.round(r.durationMs / 1000)),
    String(r.invariants.tasks),
    String(r.invariants.lost),
    String(r.invariants.doubled),
    String(violations(r.invariants)),
    Object.entries(r.figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) {
    console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  }
  const measurements = reports.flatMap((r) => r.measurements);
  if (measurements.length > 0) {
    console.log('');
    printTable(measurements);
  }
  const out = path.join(PROJECT_ROOT, 'bench-results');
  await mkdir(out, { recursive: true });
  await writeFile(
    path.join(out, 'chaos.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          memoryGiB: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
        },
        durationMs: Date.now() - started,
        config: { targetKills, minTasks, victims },
        scenarios: reports,
      },
      (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value),
      2,
    )}\n`,
  );
  say(`Wrote bench-results/chaos.json (${Math.round((Date.now() - started) / 1000)} s in all).`);
  process.exit(reports.every((r) => r.ok) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
