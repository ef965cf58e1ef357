// The driver adapter the WASM schema engine talks to: @prisma/adapter-pg, plus the fixes
// the engine needs that adapter-pg 7.10.1 does not provide (quirks 1 and 2 in README.md).
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
} from '@prisma/driver-adapter-utils';
import {
  createDatabase,
  describeUrl,
  dropDatabase,
  pgConfig,
  PrismaError,
  runOnce,
  withDatabase,
} from './postgres.mjs';

/** PostgreSQL's internal one-byte `"char"` type (pg_constraint.contype, pg_class.relkind, …). */
const PG_CHAR_OID = 18;
/** `text`: a type adapter-pg maps without complaint, used as a stand-in while it maps columns. */
const PG_TEXT_OID = 25;

/**
 * Quirk 1: adapter-pg 7.10.1 cannot map PostgreSQL's `"char"` type (OID 18). Its
 * `fieldToColumnType` throws "Unsupported column type" for it, yet the engine's catalog
 * queries (constraints, enums, relkind, …) return `"char"` columns. The engine reads those
 * columns as single characters, so they must be reported as `ColumnTypeEnum.Character`:
 * reporting them as `Text` instead makes the engine panic on PostgreSQL 18.
 *
 * adapter-pg exports neither its queryable classes nor its type mapping, so this patches
 * one queryable instance: `performIO` (the raw node-postgres result) swaps OID 18 for
 * `text` and remembers those column positions; `queryRaw` then reports them as Character.
 * The values need no conversion: node-postgres already returns `"char"` as a string.
 */
function presentCharColumnsAsCharacter(queryable) {
  const charColumnsByQuery = new WeakMap();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);

  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const positions = [];
    result?.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        positions.push(index);
        field.dataTypeID = PG_TEXT_OID;
      }
    });
    if (positions.length > 0) charColumnsByQuery.set(query, positions);
    return result;
  };

  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    const positions = charColumnsByQuery.get(query);
    if (positions) {
      charColumnsByQuery.delete(query);
      for (const index of positions) result.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return result;
  };

  // Transactions are separate queryables: patch them as they are opened.
  if (typeof queryable.startTransaction === 'function') {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) =>
      presentCharColumnsAsCharacter(await startTransaction(...args));
  }
  return queryable;
}

/**
 * adapter-pg's `executeScript` splits the script on every `;` and runs the pieces one by
 * one. That breaks any migration with a `;` inside a string, a `DO $$ … $$` block or a
 * function body. The native engine sends the whole script as one simple-protocol query
 * (PostgreSQL runs it as one implicit transaction unless it has its own BEGIN/COMMIT); do
 * the same here.
 */
function runScriptsWhole(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error); // rethrows as a DriverAdapterError, like adapter-pg does
    }
  };
  return adapter;
}

/** The adapter for one database, with the bridge's fixes applied. */
async function connectPatched(url, { onDispose } = {}) {
  const adapter = await new PrismaPg(pgConfig(url)).connect();
  presentCharColumnsAsCharacter(runScriptsWhole(adapter));
  if (onDispose) {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await onDispose();
    };
  }
  return adapter;
}

/**
 * Shadow databases created by this process and not yet dropped, so that an error exit can
 * still drop them (see `dropLeftoverShadowDatabases`).
 */
const liveShadowDatabases = new Set();

/**
 * Quirk 2: adapter-pg's `connectToShadowDb` creates `prisma_migrate_shadow_db_<uuid>` and
 * then connects with `{ ...config, database }`; but with a connection string, node-postgres
 * lets the URL's database win, so the "shadow" connection lands on the main database. The
 * engine then replays the whole migration history onto the real database, and the second
 * `migrate dev` fails with `P3006 … already exists`.
 *
 * So the bridge makes its own throw-away database (unique name), connects to it by URL and
 * drops it when the engine disposes of it. When the datasource names an explicit
 * `shadowDatabaseUrl`, that database is used instead (emptied first, as the native engine
 * does, and never dropped).
 */
async function connectToThrowawayShadowDatabase(datasource) {
  if (datasource.shadowDatabaseUrl) return connectToConfiguredShadowDatabase(datasource);
  const shadowUrl = withDatabase(datasource.url, `prisma_migrate_shadow_db_${randomUUID()}`);
  try {
    await createDatabase(shadowUrl);
  } catch (error) {
    throw new PrismaError(
      'P3014',
      `Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: ${error.message}`,
    );
  }
  liveShadowDatabases.add(shadowUrl);
  const drop = async () => {
    await dropDatabase(shadowUrl, { force: true, ifExists: true });
    liveShadowDatabases.delete(shadowUrl);
  };
  try {
    return await connectPatched(shadowUrl, { onDispose: drop });
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}

/**
 * An explicit `shadowDatabaseUrl`: created if missing, emptied before use (the engine expects
 * a blank database to replay the migrations on). Refused when it names the main database,
 * which emptying would destroy.
 */
async function connectToConfiguredShadowDatabase({ url, shadowDatabaseUrl }) {
  if (url && sameDatabase(url, shadowDatabaseUrl)) {
    throw new PrismaError(
      'P3014',
      'The shadow database you configured appears to be the same as the main database. Please specify another shadow database (datasource.shadowDatabaseUrl).',
    );
  }
  try {
    await emptyDatabase(shadowDatabaseUrl);
  } catch (error) {
    if (error?.code !== '3D000') throw error;
    await createDatabase(shadowDatabaseUrl);
  }
  return connectPatched(shadowDatabaseUrl);
}

function sameDatabase(a, b) {
  const [x, y] = [describeUrl(a), describeUrl(b)];
  const local = (host) =>
    host === '127.0.0.1' || host === '::1' || host === '[::1]' ? 'localhost' : host;
  return local(x.host) === local(y.host) && x.port === y.port && x.database === y.database;
}

/** Empty an explicitly configured shadow database: drop every non-system schema, recreate `public`. */
async function emptyDatabase(url) {
  const { rows } = await runOnce(
    url,
    `SELECT nspname FROM pg_namespace
     WHERE nspname NOT IN ('information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'`,
  );
  const drops = rows
    .map(({ nspname }) => `DROP SCHEMA "${nspname.replaceAll('"', '""')}" CASCADE;`)
    .join('\n');
  await runOnce(url, `${drops}\nCREATE SCHEMA IF NOT EXISTS public;`);
}

/** The query the engine runs as it starts, to learn the server's flavour and version. */
const STARTUP_QUERY =
  /^SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/;

/**
 * Without a datasource URL the native engine still diffs schemas (`migrate diff
 * --from-empty --to-schema …` in CI). The WASM engine always connects as it starts, so give
 * it a stand-in adapter that answers that one startup query and refuses everything else.
 */
function connectWithoutDatabase() {
  const refuse = async () => {
    throw new DriverAdapterError({
      kind: 'postgres',
      code: 'N/A',
      severity: 'ERROR',
      message:
        'This command needs a database, but no datasource URL is configured (datasource.url in prisma.config.ts).',
    });
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async queryRaw(query) {
      if (!STARTUP_QUERY.test(query.sql)) return refuse();
      return {
        columnNames: ['exists', 'version', 'numeric_version'],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, 'PostgreSQL 16.0 (no database configured)', 160000]],
      };
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
}

/** Drop the shadow databases an interrupted engine call left behind (best effort). */
export async function dropLeftoverShadowDatabases() {
  await Promise.allSettled(
    [...liveShadowDatabases].map((url) => dropDatabase(url, { force: true, ifExists: true })),
  );
  liveShadowDatabases.clear();
}

/**
 * The migration-aware adapter factory handed to `SchemaEngine.new`: main connections go to
 * `datasource.url`, shadow connections to a throw-away database (quirk 2). The binder from
 * @prisma/driver-adapter-utils turns exceptions into the Result values the engine expects.
 */
export function createAdapterFactory(datasource) {
  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => (datasource.url ? connectPatched(datasource.url) : connectWithoutDatabase()),
    connectToShadowDb: () => connectToThrowawayShadowDatabase(datasource),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}
