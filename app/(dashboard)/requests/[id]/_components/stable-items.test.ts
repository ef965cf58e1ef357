import { describe, expect, it } from 'vitest';
import { createStableItems } from './stable-items';

describe('createStableItems', () => {
  it('returns the same object for an unchanged item and a new one for a changed item', () => {
    const items = createStableItems<{ id: string; status: string }>();
    const build = (statuses: Record<string, string>) =>
      items.reconcile(
        Object.entries(statuses).map(([id, status]) => ({
          id,
          key: status,
          make: () => ({ id, status }),
        })),
      );
    const first = build({ a: 'running', b: 'pending' });
    const second = build({ a: 'succeeded', b: 'pending' });
    expect(second[0]).not.toBe(first[0]);
    expect(second[0]).toEqual({ id: 'a', status: 'succeeded' });
    expect(second[1]).toBe(first[1]);
  });

  it('forgets items that left the list', () => {
    const items = createStableItems<{ id: string }>();
    const one = (id: string) => ({ id, key: 'same', make: () => ({ id }) });
    const [a] = items.reconcile([one('a')]);
    items.reconcile([one('b')]);
    const [again] = items.reconcile([one('a')]);
    expect(again).not.toBe(a);
    expect(again).toEqual({ id: 'a' });
  });
});
