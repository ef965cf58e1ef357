/**
 * Prisma 7 configuration. Loaded by every Prisma CLI command before it looks for engines.
 *
 * Offline migrations: unless the caller names a real schema-engine binary, point the CLI at our
 * bridge (scripts/prisma-engine), which serves the engine's protocol with the WASM build of the same
 * engine. See docs/decisions/0002-schema-engine-bridge.md.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(
  import.meta.dirname,
  'scripts/prisma-engine/schema-engine.mjs',
);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
    seed: 'tsx scripts/seed.ts',
  },
  datasource: {
    // `prisma generate` needs no database; every other command is run by our scripts with
    // DATABASE_URL set (scripts/launch.ts, the test setup). An unset URL must not throw at load.
    url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/baton',
  },
});
