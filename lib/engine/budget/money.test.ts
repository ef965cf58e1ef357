import { describe, expect, it } from 'vitest';
import { formatUsd, parseUsd, sumMicros } from './money';

describe('parseUsd', () => {
  it.each([
    ['0', 0n],
    ['12', 12_000_000n],
    ['0.5', 500_000n],
    ['3.141592', 3_141_592n],
    [' 7.25 ', 7_250_000n],
  ])('reads %j as %s micro-dollars', (text, micros) => {
    expect(parseUsd(text)).toBe(micros);
  });

  it.each(['', '-1', '1.2345678', '1e3', 'abc', '1,000', '.5', 'NaN'])('rejects %j', (text) => {
    expect(parseUsd(text)).toBeNull();
  });

  it('keeps amounts exact where floats would not (0.1 + 0.2)', () => {
    expect(parseUsd('0.1')! + parseUsd('0.2')!).toBe(parseUsd('0.3'));
  });
});

describe('formatUsd', () => {
  it.each([
    [0n, '$0.00'],
    [1_500_000n, '$1.50'],
    [1_234_567_890n, '$1,234.56789'],
    [1n, '$0.000001'],
    [-2_000_000n, '-$2.00'],
  ])('formats %s as %s', (micros, text) => {
    expect(formatUsd(micros)).toBe(text);
  });
});

describe('sumMicros', () => {
  it('adds amounts beyond the float-safe range without losing precision', () => {
    const big = 2n ** 60n;
    expect(sumMicros([big, 1n, 2n])).toBe(big + 3n);
    expect(sumMicros([])).toBe(0n);
  });
});
