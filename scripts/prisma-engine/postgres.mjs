// PostgreSQL helpers for the schema-engine bridge: connection-string handling, the few
// statements the bridge runs itself (create/drop database), and the translation of
// node-postgres errors into the Prisma error codes (P1xxx) the native engine reports.
import pg from 'pg';

/** Default connect timeout, in seconds. The native engine also gives up after 5 s. */
const DEFAULT_CONNECT_TIMEOUT_S = 5;

/** Parse a `postgres://` / `postgresql://` URL, or throw a P1013 error. */
export function parsePostgresUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new PrismaError(
      'P1013',
      'The provided database string is invalid. The URL could not be parsed.',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PrismaError(
      'P1013',
      `The provided database string is invalid. The scheme is not recognized in database URL; this bridge only supports PostgreSQL (postgres:// or postgresql://).`,
    );
  }
  return parsed;
}

/** Facts about a URL used in error messages (mirrors the native engine's wording). */
export function describeUrl(url) {
  const u = parsePostgresUrl(url);
  const socketHost = u.searchParams.get('host');
  return {
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    host: socketHost || u.hostname || 'localhost',
    port: u.port || '5432',
    user: decodeURIComponent(u.username) || process.env.USER || 'postgres',
  };
}

/** The same URL, pointing at another database on the same server. */
export function withDatabase(url, database) {
  const u = parsePostgresUrl(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Quote an SQL identifier. */
export function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

/** node-postgres pool/client options for a URL (with the native engine's connect timeout). */
export function pgConfig(url) {
  const timeout = Number(
    parsePostgresUrl(url).searchParams.get('connect_timeout') ?? DEFAULT_CONNECT_TIMEOUT_S,
  );
  return {
    connectionString: url,
    // `connect_timeout=0` means "no timeout", as in libpq.
    connectionTimeoutMillis: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 0,
  };
}

/** An error carrying a Prisma error code, reported the way the native engine does. */
export class PrismaError extends Error {
  constructor(code, message, meta = {}) {
    super(message);
    this.name = 'PrismaError';
    this.code = code;
    this.meta = meta;
  }
}

/**
 * Translate a node-postgres connection/statement error into the Prisma error the native
 * engine would report (P1000 auth, P1001 unreachable, P1002 timeout, P1003 no database,
 * P1009 exists, P1010 denied, P1011 TLS, P1017 closed). Returns null when it has no code.
 */
export function toPrismaError(error, url) {
  if (error instanceof PrismaError) return error;
  const { database, host, port, user } = describeUrl(url);
  const code = error?.code;
  const message = String(error?.message ?? error);
  if (error?.duringStatement && code !== '3D000' && code !== '42P04') return null;
  switch (code) {
    case '3D000':
      return new PrismaError(
        'P1003',
        `Database \`${database}\` does not exist on the database server at \`${host}:${port}\`.`,
        {
          database_name: database,
          database_host: host,
          database_port: Number(port),
        },
      );
    case '42P04':
      return new PrismaError(
        'P1009',
        `Database \`${database}\` already exists on the database server at \`${host}:${port}\``,
        {
          database_name: database,
          database_host: host,
          database_port: Number(port),
        },
      );
    case '28P01':
      return new PrismaError(
        'P1000',
        `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
        { database_user: user, database_host: host },
      );
    case '28000':
    case '42501':
      return new PrismaError(
        'P1010',
        `User \`${user}\` was denied access on the database \`${database}\``,
        {
          database_user: user,
          database_name: database,
        },
      );
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EAI_AGAIN':
    case 'ENOENT': // Unix socket missing
      return new PrismaError(
        'P1001',
        `Can't reach database server at \`${host}:${port}\`\n\nPlease make sure your database server is running at \`${host}:${port}\`.`,
        { database_host: host, database_port: Number(port) },
      );
    case 'ETIMEDOUT':
      return unreachableTimeout(host, port, message);
    case 'ECONNRESET':
      return new PrismaError('P1017', 'Server has closed the connection.');
    default:
      break;
  }
  if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) {
    return unreachableTimeout(host, port, message);
  }
  // The socket opened but closed before the PostgreSQL handshake (e.g. a proxy or firewall
  // in the way): for the user that is the same as "can't reach the server".
  if (/Connection terminated unexpectedly/i.test(message)) {
    return new PrismaError(
      'P1001',
      `Can't reach database server at \`${host}:${port}\`\n\nPlease make sure your database server is running at \`${host}:${port}\`.`,
      { database_host: host, database_port: Number(port) },
    );
  }
  if (/SSL|TLS|certificate/i.test(message) && !code) {
    return new PrismaError('P1011', `Error opening a TLS connection: ${message}`);
  }
  return null;
}

function unreachableTimeout(host, port, context) {
  return new PrismaError(
    'P1002',
    `The database server at \`${host}:${port}\` was reached but timed out.\n\nPlease try again.\n\nPlease make sure your database server is running at \`${host}:${port}\`.\n\nContext: ${context}`,
    { database_host: host, database_port: Number(port) },
  );
}

/** Run one statement on a short-lived connection to `url`, then close it. */
export async function runOnce(url, sql) {
  const client = new pg.Client(pgConfig(url));
  // An 'error' event without a listener would crash the process (e.g. server shutdown).
  client.on('error', () => {});
  try {
    await client.connect();
    try {
      return await client.query(sql);
    } catch (error) {
      error.duringStatement = true; // not a connection problem: keep PostgreSQL's own message
      throw error;
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connect to the URL's database and run `SELECT 1` (the engine's `can-connect-to-database`). */
export async function checkConnection(url) {
  try {
    await runOnce(url, 'SELECT 1');
  } catch (error) {
    throw toPrismaError(error, url) ?? error;
  }
}

/**
 * Run a statement from a maintenance database on the same server: CREATE/DROP DATABASE
 * cannot run while connected to the target database (or when it does not exist yet).
 * Like the native engine, try `postgres` first, then `template1`.
 */
export async function runFromMaintenanceDb(url, sql) {
  let lastError;
  for (const db of ['postgres', 'template1']) {
    try {
      return await runOnce(withDatabase(url, db), sql);
    } catch (error) {
      lastError = error;
      // Only fall back when the maintenance database itself is unusable.
      if (error?.code !== '3D000' && error?.code !== '28000' && error?.code !== '42501') break;
    }
  }
  throw toPrismaError(lastError, url) ?? lastError;
}

/** CREATE DATABASE for the database named in the URL (the engine's `create-database`). */
export async function createDatabase(url) {
  const { database } = describeUrl(url);
  await runFromMaintenanceDb(url, `CREATE DATABASE ${quoteIdent(database)}`);
  return database;
}

/** DROP DATABASE for the database named in the URL (the engine's `drop-database`). */
export async function dropDatabase(url, { force = false, ifExists = false } = {}) {
  const { database } = describeUrl(url);
  const base = `DROP DATABASE ${ifExists ? 'IF EXISTS ' : ''}${quoteIdent(database)}`;
  if (force) {
    try {
      // WITH (FORCE) ends leftover sessions (PostgreSQL 13+); fall back without it.
      return await runFromMaintenanceDb(url, `${base} WITH (FORCE)`);
    } catch (error) {
      if (error?.code !== '42601') throw error;
    }
  }
  return runFromMaintenanceDb(url, base);
}
