import { describe, expect, it } from 'vitest';
import { drawIndex, drawUnit, mulberry32 } from './random';

describe('mulberry32', () => {
  it('replays the same sequence for the same seed and differs across seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
  });

  it('stays in [0, 1) with a mean near 0.5', () => {
    const random = mulberry32(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });
});

describe('drawUnit / drawIndex', () => {
  it('rejects a source outside [0, 1)', () => {
    expect(() => drawUnit(() => 1)).toThrow(RangeError);
    expect(() => drawUnit(() => Number.NaN)).toThrow(RangeError);
  });

  it('maps the unit interval onto indexes', () => {
    expect(drawIndex(() => 0, 3)).toBe(0);
    expect(drawIndex(() => 0.999_999, 3)).toBe(2);
    expect(() => drawIndex(() => 0, 0)).toThrow(RangeError);
  });
});
