/**
 * Database bootstrap used by the launcher, the test setup and the CLI: make sure the database exists
 * and apply pending migrations with Prisma Migrate (through the offline schema-engine bridge).
 */
import { migrateQueue } from '@/lib/server/execution/queue';
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
const PRISMA_BIN = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');

/** Splits a PostgreSQL URL into the database name and a URL for the `postgres` maintenance DB. */
export function parseDatabaseUrl(url: string): {
  database: string;
  maintenanceUrl: string;
  host: string;
} {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database (expected …/<database>)');
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return { database, maintenanceUrl: maintenance.toString(), host: parsed.hostname };
}

/** Returns the same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host) || host.startsWith('127.');
}

/** Quotes an identifier for SQL (database names come from configuration, not users, but still). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates the database named in `url` when it does not exist. Returns true if it was created. */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const { database, maintenanceUrl } = parseDatabaseUrl(url);
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
    return true;
  } catch (error) {
    // Another process may have created it between our check and CREATE.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

export interface RunPrismaOptions {
  databaseUrl: string;
  /** Receives each output line (default: inherit stdio). */
  onLine?: (line: string) => void;
}

/** Runs the Prisma CLI with DATABASE_URL set; rejects with its output when it exits non-zero. */
export function runPrisma(
  args: string[],
  { databaseUrl, onLine }: RunPrismaOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PRISMA_BIN, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Applies pending migrations (`prisma migrate deploy`), then the job queue's own schema
 * (graphile-worker, ADR 0011). Never creates new migrations.
 */
export async function applyMigrations(
  databaseUrl: string,
  onLine?: (line: string) => void,
): Promise<string> {
  const output = await runPrisma(['migrate', 'deploy'], { databaseUrl, onLine });
  await migrateQueue(databaseUrl);
  return output;
}

/** Redacts the password of a connection URL for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
