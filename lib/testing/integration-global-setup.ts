/**
 * Runs once per integration run: starts a PostgreSQL (embedded in `.data/test`, or the local server
 * named by DATABASE_URL), and migrates the template database through the real Prisma CLI — which
 * also exercises the offline schema-engine bridge on every run.
 */
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import {
  applyMigrations,
  ensureDatabaseExists,
  quoteIdent,
  withDatabase,
} from '../../scripts/lib/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../scripts/lib/embedded-postgres';
import { assertLocalDatabaseUrl, TEMPLATE_DATABASE } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test server's maintenance database (`postgres`). */
    testServerUrl: string;
  }
}

let embedded: EmbeddedDatabase | undefined;

export async function setup(project: TestProject): Promise<void> {
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    assertLocalDatabaseUrl(process.env.DATABASE_URL);
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(import.meta.dirname, '..', '..', '.data', 'test'),
      database: 'postgres',
    });
    serverUrl = embedded.adminUrl;
  }

  const templateUrl = withDatabase(serverUrl, TEMPLATE_DATABASE);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(TEMPLATE_DATABASE)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await ensureDatabaseExists(templateUrl);
  await applyMigrations(templateUrl);

  project.provide('testServerUrl', serverUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
