/**
 * `npm run db:migrate -- <name>`: writes a new migration with the SQL that takes the database from
 * the existing migrations to prisma/schema.prisma (`prisma migrate diff`), without prompts — unlike
 * `prisma migrate dev`, which refuses to run without a terminal whenever it has a warning to
 * confirm. Review the SQL, add what Prisma cannot express (CHECK constraints), then commit it.
 *
 * The diff needs a scratch server for its shadow database: DATABASE_URL's, or a temporary embedded
 * PostgreSQL when it is unset.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, runPrisma } from './lib/database';
import { startEmbeddedPostgres } from './lib/embedded-postgres';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error(
    'Usage: npm run db:migrate -- <name>   (name: lower-case letters, digits, underscores)',
  );
  process.exit(2);
}

const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({
      dataDir: path.join(PROJECT_ROOT, '.data', 'migrations'),
      database: 'postgres',
    });
try {
  const sql = await runPrisma(
    [
      'migrate',
      'diff',
      '--from-migrations',
      'prisma/migrations',
      '--to-schema',
      'prisma/schema.prisma',
      '--script',
    ],
    { databaseUrl: process.env.DATABASE_URL ?? embedded!.adminUrl },
  );
  const body = sql.replace(/^Loaded Prisma config.*\n+/m, '');
  if (body.includes('This is an empty migration')) {
    console.log('prisma/schema.prisma matches the migrations: nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(PROJECT_ROOT, 'prisma', 'migrations', `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), body.trimEnd() + '\n');
    console.log(`Wrote ${path.relative(PROJECT_ROOT, dir)}/migration.sql:\n`);
    console.log(await readFile(path.join(dir, 'migration.sql'), 'utf8'));
  }
} finally {
  await embedded?.stop();
}
