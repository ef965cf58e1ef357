import 'server-only';
import { getDb } from '@/lib/db/client';
import { deriveKey, readMasterKey } from '@/lib/crypto/secrets';
import { createAuth, type BatonAuth } from './auth-instance';
import { envVar } from '@/lib/env';

const globalForAuth = globalThis as typeof globalThis & { batonAuth?: BatonAuth };

/** Public URL of this Baton (links, cookie security). */
export function getPublicUrl(): string {
  return envVar('BATON_PUBLIC_URL') ?? `http://localhost:${envVar('PORT') ?? '3000'}`;
}

/** The process's better-auth instance, created on first use (never at import: builds have no env). */
export function getAuth(): BatonAuth {
  if (!globalForAuth.batonAuth) {
    const baseURL = getPublicUrl();
    globalForAuth.batonAuth = createAuth({
      db: getDb(),
      secret: deriveKey(readMasterKey(), 'auth').toString('hex'),
      baseURL,
      secureCookies: baseURL.startsWith('https://') || envVar('BATON_SECURE_COOKIES') === '1',
    });
  }
  return globalForAuth.batonAuth;
}
