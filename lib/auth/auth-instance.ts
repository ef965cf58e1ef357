/**
 * better-auth, configured for Baton (docs/decisions/0006-authentication.md). Built by a factory so
 * the Next.js server (lib/auth/server.ts), the CLI and tests each bring their own Prisma client.
 *
 * - Email + password; passwords hashed with scrypt (better-auth's default). Public sign-up is off:
 *   users are created by the first-run setup, by admins in Settings, or by the CLI.
 * - Sessions live in PostgreSQL (`sessions`), referenced by a signed, http-only, SameSite=Lax
 *   cookie; `Secure` whenever Baton is served over https (BATON_PUBLIC_URL) or BATON_SECURE_COOKIES=1.
 * - Only the server calls better-auth (from server actions and server components): its HTTP router
 *   is not mounted, so there is no second, unthrottled sign-in endpoint.
 */
import { randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { nextCookies } from 'better-auth/next-js';
import type { PrismaClient } from '@/lib/db/prisma';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, SESSION_MAX_AGE_S } from './constants';
import { envVar } from '@/lib/env';

export interface AuthConfig {
  db: PrismaClient;
  /** Session-signing secret (derived from BATON_SECRET_KEY). */
  secret: string;
  /** Public base URL, e.g. https://baton.example.com. */
  baseURL: string;
  secureCookies: boolean;
}

export function createAuth({ db, secret, baseURL, secureCookies }: AuthConfig) {
  return betterAuth({
    appName: 'Baton',
    baseURL,
    secret,
    database: prismaAdapter(db, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, defaultValue: 'viewer', input: false },
      },
    },
    session: {
      expiresIn: SESSION_MAX_AGE_S,
      // Sliding expiry: a session used at least once a day stays alive.
      updateAge: 24 * 3600,
    },
    advanced: {
      cookiePrefix: 'baton',
      useSecureCookies: secureCookies,
      database: { generateId: () => randomUUID() },
    },
    telemetry: { enabled: false },
    logger: { disabled: envVar('NODE_ENV') === 'test' },
    plugins: [nextCookies()],
  });
}

export type BatonAuth = ReturnType<typeof createAuth>;
