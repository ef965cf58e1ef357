/**
 * BATON_SECRET_KEY for the launcher: the variable when set; otherwise a key generated once into
 * `$BATON_DATA_DIR/secret.key` (mode 0600). Its fingerprint is recorded in the database the first
 * time, and a later start with a different key is refused — secrets encrypted under the old key
 * would otherwise be unreadable with no explanation. docs/decisions/0007-secrets-at-rest.md.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { keyFingerprint, readMasterKey } from '@/lib/crypto/secrets';

export const KEY_FINGERPRINT_SETTING = 'secret_key_fingerprint';

export async function resolveSecretKey(
  dataDir: string,
): Promise<{ key: string; source: 'env' | 'file' | 'generated' }> {
  if (process.env.BATON_SECRET_KEY) {
    readMasterKey(process.env); // validates length, with a clear message
    return { key: process.env.BATON_SECRET_KEY, source: 'env' };
  }
  const file = path.join(dataDir, 'secret.key');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing?.trim()) return { key: existing.trim(), source: 'file' };
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { key, source: 'generated' };
}

/** Records the key's fingerprint on first use; throws when the database belongs to another key. */
export async function checkKeyFingerprint(databaseUrl: string, key: string): Promise<void> {
  const fingerprint = keyFingerprint(Buffer.from(key, 'utf8'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, to_jsonb($2::text), now()) ON CONFLICT (key) DO NOTHING`,
      [KEY_FINGERPRINT_SETTING, fingerprint],
    );
    const { rows } = await client.query<{ value: string }>(
      `SELECT value FROM settings WHERE key = $1`,
      [KEY_FINGERPRINT_SETTING],
    );
    if (rows[0]?.value !== fingerprint) {
      throw new Error(
        'BATON_SECRET_KEY is not the key this database was set up with (its fingerprint differs), so ' +
          'stored secrets and sessions could not be read. Start with the original key (BATON_SECRET_KEY, ' +
          'or secret.key in the data directory).',
      );
    }
  } finally {
    await client.end();
  }
}
