/**
 * A shorter execution bench for A/B comparisons of two commits back to back (ADR 0020): 40
 * one-at-a-time samples and one 1,000-task run per agent, on an embedded PostgreSQL in `<dir>`.
 *   npx tsx scripts/ab-throughput.ts .data/ab
 * `npm run bench -- execution` remains the reference figure.
 */
import { benchExecution } from './bench/execution';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { applyMigrations, ensureDatabaseExists, withDatabase } from './lib/database';
import { logger } from '@/lib/logger';
import path from 'node:path';
logger.level = 'warn';
process.env.BATON_AGENT_ALLOW_NETWORKS ??= '127.0.0.0/8,::1';
const dir = path.resolve(process.argv[2]!);
const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'ab' });
const url = withDatabase(pg.url, 'ab_' + Date.now());
await ensureDatabaseExists(url);
await applyMigrations(url);
const report = await benchExecution({
  connectionString: url,
  sizes: {
    latencySamples: 40,
    overheadSamples: 40,
    warmup: 5,
    throughputTasks: 1000,
    throughputRuns: 1,
  },
  progress: (line) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`),
});
for (const r of report.results)
  console.log(`${r.name.padEnd(40)} p50=${r.p50} p99=${r.p99} ${r.unit}  ${r.notes ?? ''}`);
console.log('CPU ms per task:', JSON.stringify(report.cpuMsPerTask));
await pg.stop();
process.exit(0);
