import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';

describe('FakeClock', () => {
  it('starts at the reference time and moves only when advanced', () => {
    const clock = new FakeClock();
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(1_500);
    expect(clock.now()).toBe(FakeClock.REFERENCE_TIME + 1_500);
  });

  it('refuses to go backwards', () => {
    expect(() => new FakeClock().advance(-1)).toThrow(RangeError);
  });
});
