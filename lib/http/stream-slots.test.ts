import { describe, expect, it } from 'vitest';
import { createStreamSlots } from './stream-slots';

describe('createStreamSlots', () => {
  it('refuses a slot past the cap and gives it back on release, once', () => {
    const slots = createStreamSlots(2);
    const first = slots.tryAcquire('user:a')!;
    expect(slots.tryAcquire('user:a')).not.toBeNull();
    expect(slots.tryAcquire('user:a')).toBeNull();
    expect(slots.tryAcquire('user:b')).not.toBeNull();
    first();
    first();
    expect(slots.open('user:a')).toBe(1);
    expect(slots.tryAcquire('user:a')).not.toBeNull();
    expect(slots.tryAcquire('user:a')).toBeNull();
  });
});
