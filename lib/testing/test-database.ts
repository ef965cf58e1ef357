/**
 * Test database isolation (docs/decisions/0003-test-database-isolation.md): one template database is
 * migrated per run; each Vitest worker gets its own clone `baton_test_<worker>`. Tests create their
 * own rows with unique names, so no test depends on another's data.
 */
export const TEMPLATE_DATABASE = 'baton_test_template';

export function workerDatabaseName(workerId: string | number): string {
  return `baton_test_${String(workerId).replace(/\W/g, '_')}`;
}

/** Integration tests refuse any server that is not on this machine: they drop and create databases. */
export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  const isLocal =
    ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host) || host.startsWith('127.');
  if (!isLocal) {
    throw new Error(
      `Refusing to run integration tests against the non-local database host "${host}": they create ` +
        `and drop databases. Point DATABASE_URL at a local PostgreSQL, or unset it to use the ` +
        `embedded one.`,
    );
  }
}
