import { describe, expect, it } from 'vitest';
import { formatLatency, formatRatio } from './agent-format';

describe('formatRatio', () => {
  it.each([
    [null, '—'],
    [1, '100%'],
    [0.9999, '99.9%'],
    [0.992, '99.2%'],
    [0, '0.0%'],
  ])('shows %j as %s', (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });
});

describe('formatLatency', () => {
  it('shows milliseconds, seconds, or a dash before the first call', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(123.4)).toBe('123 ms');
    expect(formatLatency(2400)).toBe('2.4 s');
  });
});
