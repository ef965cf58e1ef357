// `schema-engine --datasource <json> cli <command>`: the one-shot commands the Prisma CLI
// runs before starting a JSON-RPC session (`migrate dev|deploy`, `db push` call
// can-connect-to-database, then create-database on P1003; `migrate reset` and tests may call
// drop-database). Success is exit code 0. Failure is exit code 1 plus a stderr line
// `{"level":"ERROR","target":"schema_engine::logger","fields":{"error_code","message"}}`;
// the CLI ignores the first stderr line, so one INFO line always comes first.
import {
  checkConnection,
  createDatabase,
  describeUrl,
  dropDatabase,
  toPrismaError,
} from './postgres.mjs';
import { createLogger } from './log.mjs';

const COMMANDS = {
  'can-connect-to-database': async (url) => {
    await checkConnection(url);
    return 'Connection successful';
  },
  'create-database': async (url) => {
    const name = await createDatabase(url);
    return `Database '${name}' was successfully created.`;
  },
  'drop-database': async (url) => {
    await dropDatabase(url);
    return `The database '${describeUrl(url).database}' was successfully dropped.`;
  },
};

export async function runCliCommand(command, datasource) {
  const log = createLogger('schema_engine::logger');
  log.info(`Starting schema engine CLI command: ${command} (wasm bridge)`);
  try {
    const run = COMMANDS[command];
    if (!run)
      throw Object.assign(new Error(`Unknown cli command: ${command}`), { code: undefined });
    if (!datasource?.url)
      throw Object.assign(new Error('No datasource URL given (--datasource {"url": …}).'), {
        code: 'P1012',
      });
    const message = await run(datasource.url);
    log.info(message);
    return 0;
  } catch (error) {
    const known = safeToPrismaError(error, datasource?.url);
    log.error(known?.message ?? String(error?.message ?? error), {
      is_panic: false,
      ...(known?.code
        ? { error_code: known.code }
        : error?.code
          ? { error_code: String(error.code) }
          : {}),
    });
    return 1;
  }
}

function safeToPrismaError(error, url) {
  try {
    return url ? toPrismaError(error, url) : null;
  } catch {
    return null;
  }
}
