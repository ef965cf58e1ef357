import { describe, expect, it } from 'vitest';
import { apiTokenState, formatTokenPrefix } from './token-display';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('apiTokenState', () => {
  it('is active without revocation or expiry, or before the expiry', () => {
    expect(apiTokenState({ revokedAt: null, expiresAt: null }, NOW)).toBe('active');
    expect(
      apiTokenState({ revokedAt: null, expiresAt: new Date('2026-03-01T12:00:01Z') }, NOW),
    ).toBe('active');
  });

  it('is expired from the expiry instant on', () => {
    expect(apiTokenState({ revokedAt: null, expiresAt: NOW }, NOW)).toBe('expired');
  });

  it('is revoked when revoked, even if also expired', () => {
    expect(
      apiTokenState({ revokedAt: new Date('2026-02-01T00:00:00Z'), expiresAt: new Date(0) }, NOW),
    ).toBe('revoked');
  });
});

describe('formatTokenPrefix', () => {
  it('marks the prefix as the start of a longer token', () => {
    expect(formatTokenPrefix('baton_AbC123')).toBe('baton_AbC123…');
  });
});
