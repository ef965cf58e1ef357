import { describe, expect, it } from 'vitest';
import { CreateApiTokenSchema, TokenExpirySchema } from './auth';

const DAY_MS = 86_400_000;

describe('TokenExpirySchema', () => {
  it('reads absent, null and empty as "never"', () => {
    for (const value of [undefined, null, '', '  ']) {
      expect(TokenExpirySchema.parse(value)).toBeNull();
    }
  });

  it('reads a date as the end of that day, UTC, and a date-time as given', () => {
    const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
    expect(TokenExpirySchema.parse(tomorrow)).toEqual(
      new Date(new Date(`${tomorrow}T00:00:00Z`).getTime() + DAY_MS),
    );
    const at = new Date(Date.now() + 60_000).toISOString();
    expect(TokenExpirySchema.parse(at)).toEqual(new Date(at));
    const offset = TokenExpirySchema.parse('2030-06-01T12:00:00+02:00');
    expect(offset?.toISOString()).toBe('2030-06-01T10:00:00.000Z');
  });

  it('refuses what it cannot honour, with the reason', () => {
    const cases: [unknown, RegExp][] = [
      ['yesterday', /not a date/],
      ['2027-13-45', /not a date/],
      ['2027-02-31', /not a date/],
      ['2030-01-01T10:00:00', /not a date/], // no zone: ambiguous
      ['2020-01-01', /in the future/],
      [new Date(Date.now() - 1_000).toISOString(), /in the future/],
      ['2999-01-01', /years at most/],
      [1_800_000_000_000, /2027-01-31/],
    ];
    for (const [value, message] of cases) {
      const result = TokenExpirySchema.safeParse(value);
      expect(result.success, String(value)).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(message);
    }
  });
});

describe('CreateApiTokenSchema', () => {
  it('refuses unknown fields instead of dropping them', () => {
    const result = CreateApiTokenSchema.safeParse({ name: 'ci', role: 'viewer', expires: 'x' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['expires'] });
  });
});
