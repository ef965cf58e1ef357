/**
 * The one owner of execution SQL (ADR 0020). The executor's statements are written as tagged
 * templates against `SqlTx`, the two methods of Prisma's transaction client it uses
 * (`$queryRaw`, `$executeRaw`). Two implementations satisfy it:
 *
 * - a Prisma transaction client — the rest of the app (plan, operator actions, finish), which
 *   also calls the same statements (settle.ts, events.ts, queue.ts) inside its own transactions;
 * - `PgTx`, a connection of the **same pool** Prisma's driver adapter uses (lib/db/prisma.ts), for
 *   the per-task hot path: claim and record run as a handful of statements in one short
 *   transaction without the ORM's per-query work (its query interpreter, interactive-transaction
 *   bookkeeping), which was most of a no-op task's cost.
 *
 * Results are shaped as Prisma's raw queries shape them (int8 → bigint, timestamptz → Date,
 * json → values), so a statement returns the same rows on either. Database errors are mapped to
 * `SqlError` codes in one place (`sqlErrorCode`), whichever client raised them.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { Prisma } from './generated/prisma/client.ts';

export interface SqlTx {
  $queryRaw<T = unknown>(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
}

const INT8_OID = 20;
/** int8 as bigint, like Prisma; every other type as pg parses it (Date, json, arrays of text). */
const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => BigInt(value)
      : pg.types.getTypeParser(oid, format ?? 'text'),
} as pg.CustomTypesConfig;

function toSql(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
}

/** pg serializes Date, arrays and Buffers; bigint (which it does not) is sent as its decimal text. */
function prepare(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(prepare);
  return value;
}

/**
 * The hot path's statements are few and fixed (their values are parameters), so each is sent as a
 * named, prepared statement: PostgreSQL parses and analyses it once per connection and, after a
 * few runs, reuses a generic plan. Parsing and planning were a third of the database's CPU per
 * no-op task (pg_stat_statements, ADR 0020 addendum "agents last"). Names are a hash of the text,
 * so a text always maps to the same name on every connection. At most `MAX_PREPARED` distinct
 * texts are prepared per process (each connection keeps its statements for its lifetime); any
 * text past that runs unnamed, as before, so a statement built with varying text cannot grow
 * every connection without bound.
 */
export const MAX_PREPARED = 256;
const preparedNames = new Map<string, string>();

/** The prepared statement's name for `text`, or undefined once the cap is reached. */
export function statementName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known !== undefined || preparedNames.size >= MAX_PREPARED) return known;
  const name = `baton_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  preparedNames.set(text, name);
  return name;
}

/** One pooled connection inside BEGIN … COMMIT, speaking SqlTx. */
export class PgTx implements SqlTx {
  constructor(private readonly client: pg.PoolClient) {}

  private run(query: TemplateStringsArray | Prisma.Sql, values: unknown[]) {
    const sql = toSql(query, values);
    const name = statementName(sql.text);
    return this.client.query({
      text: sql.text,
      values: sql.values.map(prepare),
      types: TYPES,
      ...(name !== undefined && { name }),
    });
  }

  async $queryRaw<T = unknown>(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): Promise<T> {
    return (await this.run(query, values)).rows as T;
  }

  async $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
    return (await this.run(query, values)).rowCount ?? 0;
  }
}

/**
 * Runs `fn` in one transaction on a connection of `pool`: COMMIT when it resolves, ROLLBACK when it
 * throws (the error is rethrown). A connection whose ROLLBACK fails is discarded, not reused.
 */
export async function withPgTx<T>(pool: pg.Pool, fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(new PgTx(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * `withPgTx`, run again when PostgreSQL aborted the transaction to break a deadlock (40P01): the
 * whole transaction rolled back, so running it again is safe. `fn` must not keep state across runs.
 * Up to `runs` runs; the last error is rethrown.
 */
export async function withPgTxRetry<T>(
  pool: pg.Pool,
  fn: (tx: PgTx) => Promise<T>,
  runs = 3,
): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await withPgTx(pool, fn);
    } catch (error) {
      if (run >= runs || sqlErrorCode(error) !== 'deadlock') throw error;
    }
  }
}

export type SqlErrorCode =
  'unique_violation' | 'foreign_key_violation' | 'check_violation' | 'deadlock' | 'other';

const SQLSTATES: Record<string, SqlErrorCode> = {
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23514': 'check_violation',
  '40P01': 'deadlock',
};

/**
 * What a database error means, whichever client raised it: pg's error carries the SQLSTATE in
 * `code`; Prisma's raw-query error (P2010) in `meta.code`, its model errors as P2002 / P2003.
 */
export function sqlErrorCode(error: unknown): SqlErrorCode | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return 'unique_violation';
    if (error.code === 'P2003') return 'foreign_key_violation';
    const state = (error.meta as { code?: unknown } | undefined)?.code;
    return typeof state === 'string' ? (SQLSTATES[state] ?? 'other') : 'other';
  }
  if (error instanceof pg.DatabaseError) return SQLSTATES[error.code ?? ''] ?? 'other';
  return null;
}
