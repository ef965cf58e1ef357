import path from 'node:path';

/** Where the end-to-end server keeps its state; the fixtures read the database URL and key here. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const E2E_DATA_DIR = path.join(PROJECT_ROOT, '.data', 'e2e');
export const E2E_DATABASE = 'baton_e2e';
/** Everything the server printed (stdout and stderr), for the no-secret-in-logs check. */
export const E2E_SERVER_LOG = path.join(PROJECT_ROOT, 'test-results', 'e2e-server.log');
