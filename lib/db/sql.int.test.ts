/**
 * PgTx on real PostgreSQL: the hot path's statements run as named prepared statements (parsed and
 * planned once per connection), give the same rows as unnamed ones, and stop being prepared past
 * the per-process cap.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { poolOf } from '@/lib/db/prisma';
import { MAX_PREPARED, statementName, withPgTx } from '@/lib/db/sql';
import { createTestDb } from '@/lib/testing/db';

const db = createTestDb();
const pool = poolOf(db);

afterAll(async () => {
  await db.$disconnect();
});

const preparedOnThisConnection = async (tx: Parameters<Parameters<typeof withPgTx>[1]>[0]) =>
  (await tx.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements`).map(
    (row) => row.name,
  );

describe('PgTx prepared statements', () => {
  it('prepares a statement once and keeps answering with the values of each run', async () => {
    const results = await withPgTx(pool, async (tx) => {
      const out: { n: number; label: string }[] = [];
      // Past PostgreSQL's fifth run, where it may switch to a generic plan.
      for (let i = 0; i < 8; i++) {
        const [row] = await tx.$queryRaw<{ n: number; label: string }[]>`
          SELECT ${i}::int * 2 AS n, ${`run ${i}`}::text AS label`;
        out.push(row!);
      }
      return { out, names: await preparedOnThisConnection(tx) };
    });
    expect(results.out.map((r) => r.n)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(results.out.at(-1)!.label).toBe('run 7');
    const name = statementName('\n          SELECT $1::int * 2 AS n, $2::text AS label');
    expect(name).toMatch(/^baton_[0-9a-f]{20}$/);
    expect(results.names).toContain(name);
  });

  it('gives the same name to the same text and different names to different texts', () => {
    expect(statementName('SELECT 1 AS a')).toBe(statementName('SELECT 1 AS a'));
    expect(statementName('SELECT 1 AS a')).not.toBe(statementName('SELECT 2 AS a'));
  });

  it('runs texts past the cap unnamed, and they still work', async () => {
    for (let i = 0; i < MAX_PREPARED; i++) statementName(`SELECT ${i} AS filler`);
    const text = 'SELECT 41 + 1 AS answer';
    expect(statementName(text)).toBeUndefined();
    const [row] = await withPgTx(
      pool,
      (tx) => tx.$queryRaw<{ answer: number }[]>`SELECT 41 + 1 AS answer`,
    );
    expect(row!.answer).toBe(42);
  });
});
