import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  keyFingerprint,
  maskSecret,
  readMasterKey,
  SecretKeyError,
} from './secrets';

const KEY = Buffer.from('unit-test-master-key-0123456789-abcdef', 'utf8');
const OTHER = Buffer.from('another-master-key-0123456789-abcdefgh', 'utf8');

describe('secrets at rest', () => {
  it('round-trips a secret and never stores the plaintext', () => {
    const sealed = encryptSecret('sk-live-1234567890', 'agent:a1', KEY);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('sk-live');
    expect(decryptSecret(sealed, 'agent:a1', KEY)).toBe('sk-live-1234567890');
  });

  it('uses a fresh IV each time, so equal secrets do not look equal', () => {
    expect(encryptSecret('same', '', KEY)).not.toBe(encryptSecret('same', '', KEY));
  });

  it('refuses the wrong key, another record’s context, and tampered data', () => {
    const sealed = encryptSecret('sk-live-1234567890', 'agent:a1', KEY);
    expect(() => decryptSecret(sealed, 'agent:a1', OTHER)).toThrow(SecretKeyError);
    expect(() => decryptSecret(sealed, 'agent:a2', KEY)).toThrow(SecretKeyError);
    const [v, iv, tag, ct] = sealed.split('.');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped[0]! ^= 1;
    expect(() =>
      decryptSecret([v, iv, tag, flipped.toString('base64url')].join('.'), 'agent:a1', KEY),
    ).toThrow(SecretKeyError);
    expect(() => decryptSecret('plain-text', '', KEY)).toThrow('unknown format');
  });

  it('fingerprints keys without revealing them', () => {
    expect(keyFingerprint(KEY)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyFingerprint(KEY)).toBe(keyFingerprint(Buffer.from(KEY)));
    expect(keyFingerprint(KEY)).not.toBe(keyFingerprint(OTHER));
  });

  it('requires a long enough BATON_SECRET_KEY and says how to get one', () => {
    expect(() => readMasterKey({})).toThrow(/BATON_SECRET_KEY is not set/);
    expect(() => readMasterKey({ BATON_SECRET_KEY: 'short' })).toThrow(/at least 32/);
    expect(readMasterKey({ BATON_SECRET_KEY: 'x'.repeat(32) })).toHaveLength(32);
  });

  it('masks secrets for display', () => {
    expect(maskSecret('sk-live-1234567890abcd')).toBe('••••abcd');
    expect(maskSecret('short')).toBe('••••');
  });
});
