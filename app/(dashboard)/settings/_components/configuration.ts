/**
 * The configuration table on the Settings page: which environment variables Baton reads and whether
 * each is set. Values are shown only for harmless settings; DATABASE_URL is reduced to host, port
 * and database name (never user or password), and anything that looks like a secret only reports
 * whether it is set.
 */

type Display =
  /** Show the value (or the default when unset). */
  | 'value'
  /** A PostgreSQL URL: show host, port and database name only. */
  | 'database-url'
  /** A secret: show only whether it is set. */
  | 'presence';

export interface ConfigVariable {
  name: string;
  purpose: string;
  display: Display;
  /** What applies when the variable is unset, in words. */
  fallback: string;
}

/** Variables read by lib/env.ts and the launcher (scripts/launch.ts). */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  {
    name: 'DATABASE_URL',
    purpose: 'PostgreSQL connection URL.',
    display: 'database-url',
    fallback: 'Embedded PostgreSQL started by npm start',
  },
  {
    name: 'DATABASE_POOL_MAX',
    purpose: 'Database connections per process.',
    display: 'value',
    fallback: '10',
  },
  { name: 'LOG_LEVEL', purpose: 'Server log verbosity.', display: 'value', fallback: 'info' },
  { name: 'NODE_ENV', purpose: 'Runtime mode.', display: 'value', fallback: 'development' },
  { name: 'PORT', purpose: 'HTTP port of the web server.', display: 'value', fallback: '3000' },
  {
    name: 'BATON_DATA_DIR',
    purpose: 'Directory of the embedded PostgreSQL data.',
    display: 'value',
    fallback: '.data',
  },
  {
    name: 'BATON_SEED_DEMO',
    purpose: 'Register the builtin demo agents on first start.',
    display: 'value',
    fallback: 'Yes with the embedded database, no with DATABASE_URL',
  },
  {
    name: 'BATON_LOG_POSTGRES',
    purpose: 'Print the embedded PostgreSQL log (1).',
    display: 'value',
    fallback: 'Errors only',
  },
  {
    name: 'BATON_SKIP_BUILD',
    purpose: 'Let npm start skip the production build check (1).',
    display: 'value',
    fallback: 'Rebuild when sources changed',
  },
];

/** Names that must never have their value shown, whatever their entry above says. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|_URL$/;

export interface ConfigRow {
  name: string;
  purpose: string;
  isSet: boolean;
  /** Safe to show. */
  shown: string;
}

export function describeConfiguration(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly ConfigVariable[] = CONFIG_VARIABLES,
): ConfigRow[] {
  return variables.map((variable) => {
    const value = env[variable.name];
    const isSet = value !== undefined && value !== '';
    return {
      name: variable.name,
      purpose: variable.purpose,
      isSet,
      shown: isSet ? showValue(variable, value) : variable.fallback,
    };
  });
}

function showValue(variable: ConfigVariable, value: string): string {
  if (variable.display === 'database-url') {
    const target = describeDatabaseUrl(value);
    return target ? formatDatabaseTarget(target) : 'Set (not a valid URL)';
  }
  if (variable.display === 'presence' || SECRET_NAME.test(variable.name)) return 'Set (hidden)';
  return value;
}

export interface DatabaseTarget {
  host: string;
  port: string;
  database: string;
}

/** Host, port and database name of a PostgreSQL URL; user, password and options are dropped. */
export function describeDatabaseUrl(url: string): DatabaseTarget | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return null;
  let database = parsed.pathname.replace(/^\//, '');
  try {
    database = decodeURIComponent(database);
  } catch {
    // Keep the raw path segment when it is not valid percent-encoding.
  }
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port || '5432',
    database: database || '(server default)',
  };
}

export function formatDatabaseTarget(target: DatabaseTarget): string {
  return `${target.host}:${target.port} / ${target.database}`;
}
