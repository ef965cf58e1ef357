/**
 * Runs before each integration test file (Vitest `setupFiles`): clones the migrated template into
 * this worker's database `baton_test_<worker>` and points DATABASE_URL at it. Workers never share a
 * database, and every file starts from a freshly migrated, empty one (a clone takes milliseconds).
 */
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent, withDatabase } from '../../scripts/lib/database';
import { TEMPLATE_DATABASE, workerDatabaseName } from './test-database';

const serverUrl = inject('testServerUrl');
const database = workerDatabaseName(
  process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0',
);

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
try {
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await admin.query(
    `CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(TEMPLATE_DATABASE)}`,
  );
} finally {
  await admin.end();
}

process.env.DATABASE_URL = withDatabase(serverUrl, database);
process.env.BATON_SECRET_KEY ??= 'integration-test-secret-key-0123456789abcdef';
