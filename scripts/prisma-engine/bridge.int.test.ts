/**
 * A migration round trip through the real Prisma CLI and the offline schema-engine bridge, on the
 * test PostgreSQL: create a migration, apply it, evolve the schema (which needs a shadow database),
 * check status and drift, and reset. Plus: the project's own migrations match its schema exactly.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabaseExists, PROJECT_ROOT, quoteIdent, withDatabase } from '../lib/database';

const run = promisify(execFile);
const PRISMA = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'prisma');
const BRIDGE = path.join(PROJECT_ROOT, 'scripts', 'prisma-engine', 'schema-engine.mjs');

// Inside the project so that `prisma/config` resolves from node_modules.
const project = path.join(PROJECT_ROOT, `.scratch-bridge-test-${process.pid}`);
const serverUrl = withDatabase(process.env.DATABASE_URL!, 'postgres');
const database = `bridge_roundtrip_${process.pid}`;
const databaseUrl = withDatabase(serverUrl, database);

const SCHEMA_V1 = `
generator client {
  provider = "prisma-client"
  output   = "./generated"
}
datasource db {
  provider = "postgresql"
}
enum Colour {
  red
  green
}
model Widget {
  id     Int    @id @default(autoincrement())
  name   String @unique
  colour Colour
  parts  Part[]
}
model Part {
  id       Int    @id @default(autoincrement())
  widgetId Int
  widget   Widget @relation(fields: [widgetId], references: [id], onDelete: Cascade)
  @@index([widgetId])
}
`;

const SCHEMA_V2 = SCHEMA_V1.replace('  green\n', '  green\n  blue\n').replace(
  '  colour Colour\n',
  '  colour Colour\n  weight Int    @default(0)\n',
);

async function prisma(...args: string[]) {
  try {
    const { stdout, stderr } = await run(PRISMA, args, {
      cwd: project,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_SCHEMA_ENGINE_BINARY: BRIDGE,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, output: (failure.stdout ?? '') + (failure.stderr ?? '') };
  }
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await mkdir(path.join(project, 'prisma'), { recursive: true });
  await writeFile(path.join(project, 'prisma', 'schema.prisma'), SCHEMA_V1);
  await writeFile(
    path.join(project, 'prisma.config.ts'),
    `import { defineConfig } from 'prisma/config';
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL! },
});
`,
  );
  await sql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
  await sql(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
});

describe('Prisma Migrate through the schema-engine bridge', () => {
  it('reports its version like the native engine', async () => {
    const { stdout } = await run(BRIDGE, ['--version']);
    expect(stdout).toMatch(/^schema-engine-cli [0-9a-f]{40}/);
  });

  // About ten Prisma CLI runs in a row: a minute on a busy 2-core machine.
  it('creates, applies, evolves, checks and resets a schema', { timeout: 240_000 }, async () => {
    // 1. The first migration, into a database that does not exist yet.
    const created = await prisma('migrate', 'dev', '--name', 'init', '--create-only');
    expect(created.code, created.output).toBe(0);
    const deployed = await prisma('migrate', 'deploy');
    expect(deployed.code, deployed.output).toBe(0);
    await sql(databaseUrl, `INSERT INTO "Widget" (name, colour) VALUES ('w1', 'red')`);

    // 2. Evolve: a second migration is diffed against a shadow database (the bridge's own).
    await writeFile(path.join(project, 'prisma', 'schema.prisma'), SCHEMA_V2);
    const second = await prisma('migrate', 'dev', '--name', 'add_weight', '--create-only');
    expect(second.code, second.output).toBe(0);
    const migrations = (await readdir(path.join(project, 'prisma', 'migrations'))).filter((name) =>
      /^\d{14}_/.test(name),
    );
    expect(migrations.map((name) => name.slice(15))).toEqual(['init', 'add_weight']);
    expect((await prisma('migrate', 'deploy')).code).toBe(0);
    const rows = await sql<{ weight: number }>(databaseUrl, `SELECT weight FROM "Widget"`);
    expect(rows).toEqual([{ weight: 0 }]);

    // 3. Status and drift: everything applied, migrations equal the schema.
    const status = await prisma('migrate', 'status');
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain('Database schema is up to date');
    const drift = await prisma(
      'migrate',
      'diff',
      '--from-migrations',
      'prisma/migrations',
      '--to-schema',
      'prisma/schema.prisma',
      '--exit-code',
    );
    expect(drift.code, drift.output).toBe(0);

    // 4. Reset drops the data and re-applies every migration.
    const reset = await prisma('migrate', 'reset', '--force');
    expect(reset.code, reset.output).toBe(0);
    expect(await sql(databaseUrl, `SELECT * FROM "Widget"`)).toEqual([]);

    // 5. No shadow database is left behind.
    const shadows = await sql(
      serverUrl,
      `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow%'`,
    );
    expect(shadows).toEqual([]);
  });

  it('fails loudly (non-zero exit, the SQL error) when a migration is broken', async () => {
    const dir = path.join(project, 'prisma', 'migrations', '29990101000000_broken');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'migration.sql'),
      'ALTER TABLE "Widget" ADD COLUMN "oops" integr;',
    );
    const result = await prisma('migrate', 'deploy');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('type "integr" does not exist');
  });

  it("keeps the project's own migrations in step with prisma/schema.prisma", async () => {
    await ensureDatabaseExists(databaseUrl);
    const { stdout, stderr } = await run(
      PRISMA,
      [
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
    ).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(
        `schema.prisma has changes no migration contains — run npm run db:migrate:\n${error.stdout}${error.stderr}`,
      );
    });
    expect(stdout + stderr).toContain('No difference detected');
  });
});
