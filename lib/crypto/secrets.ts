/**
 * Secrets at rest (agent API keys, webhook tokens): AES-256-GCM under a key derived from
 * BATON_SECRET_KEY. docs/decisions/0007-secrets-at-rest.md.
 *
 * Ciphertext format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts). A random 96-bit IV per
 * message; the 128-bit tag authenticates the ciphertext and an optional context string (e.g.
 * `agent:<id>`), so a ciphertext copied onto another record fails to decrypt.
 *
 * Never log, return or render a decrypted secret except to the adapter that sends it to the agent.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { processEnv } from '@/lib/env';

const VERSION = 'v1';
const IV_BYTES = 12;
const MIN_KEY_LENGTH = 32;

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/**
 * The master key material from BATON_SECRET_KEY: any string of at least 32 characters (the
 * launcher generates 32 random bytes, base64url). Sub-keys are derived with HKDF-SHA256 per purpose,
 * so the same master never encrypts with the key it signs sessions with.
 */
export function readMasterKey(env: Partial<Record<string, string>> = processEnv()): Buffer {
  const value = env.BATON_SECRET_KEY;
  if (!value) {
    throw new SecretKeyError(
      'BATON_SECRET_KEY is not set. `npm start` generates one in $BATON_DATA_DIR/secret.key; ' +
        'for other setups set it to 32+ random characters (e.g. `openssl rand -base64 32`).',
    );
  }
  if (value.length < MIN_KEY_LENGTH) {
    throw new SecretKeyError(
      `BATON_SECRET_KEY must be at least ${MIN_KEY_LENGTH} characters long.`,
    );
  }
  return Buffer.from(value, 'utf8');
}

export type KeyPurpose = 'secrets' | 'auth' | 'fingerprint' | 'api-tokens';

export function deriveKey(master: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `baton/${purpose}/v1`, 32));
}

/** A short, non-secret identifier of the master key, to detect a changed key at startup. */
export function keyFingerprint(master: Buffer): string {
  return createHmac('sha256', deriveKey(master, 'fingerprint'))
    .update('baton')
    .digest('hex')
    .slice(0, 16);
}

export function encryptSecret(
  plaintext: string,
  context = '',
  master: Buffer = readMasterKey(),
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(master, 'secrets'), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptSecret(
  sealed: string,
  context = '',
  master: Buffer = readMasterKey(),
): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new SecretKeyError('Not a Baton secret (unknown format).');
  }
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      deriveKey(master, 'secrets'),
      Buffer.from(iv, 'base64url'),
    );
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // Wrong key, wrong context or tampered data: GCM cannot tell which, and must not say more.
    throw new SecretKeyError(
      'The secret could not be decrypted (wrong key, or the data was altered).',
    );
  }
}

/** Shows that a secret is set without revealing it: `••••abcd` (last 4 characters only when long). */
export function maskSecret(plaintext: string): string {
  return plaintext.length >= 16 ? `••••${plaintext.slice(-4)}` : '••••';
}
