import { describe, expect, it } from 'vitest';
import { formatEffectiveFrom, microsToDollarsText, priceState } from './price-display';

const NOW = new Date('2026-12-06T12:00:00Z');

describe('priceState', () => {
  it('is in effect when the server says so, whatever the date', () => {
    const price = { id: 'a', effectiveFrom: '2026-01-01T00:00:00.000Z' };
    expect(priceState(price, new Set(['a']), NOW)).toBe('in_effect');
  });

  it('is scheduled while its date is ahead and superseded once a later row took over', () => {
    const none = new Set<string>();
    expect(priceState({ id: 'b', effectiveFrom: '2026-12-07T00:00:00.000Z' }, none, NOW)).toBe(
      'scheduled',
    );
    expect(priceState({ id: 'c', effectiveFrom: '2026-12-06T12:00:00.000Z' }, none, NOW)).toBe(
      'superseded',
    );
  });
});

describe('formatEffectiveFrom', () => {
  it('shows a UTC midnight as the day and any other time with the clock', () => {
    expect(formatEffectiveFrom('2026-12-01T00:00:00.000Z')).toBe('2026-12-01');
    expect(formatEffectiveFrom('2026-12-01T14:30:00+00:00')).toBe('2026-12-01 14:30 UTC');
    expect(formatEffectiveFrom('2026-12-01T01:00:00+01:00')).toBe('2026-12-01');
  });
});

describe('microsToDollarsText', () => {
  it.each([
    [3_000_000, '3'],
    [150_000, '0.15'],
    [1, '0.000001'],
    [0, '0'],
    [1_234_567_890, '1234.56789'],
  ])('%i micro-dollars are typed as %s', (micros, text) => {
    expect(microsToDollarsText(micros)).toBe(text);
  });
});
