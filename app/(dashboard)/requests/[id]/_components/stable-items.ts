/**
 * Keeps the objects of a list whose content did not change between two renders. React Flow
 * compares nodes and edges by identity: rebuilt objects make it re-render every node, which for
 * a 500-node graph made each live status change slow to paint (`npm run bench -- graph`). Built
 * items carry a `key` describing everything they show; an item whose id and key match the last
 * call's is returned as the same object, anything else is made anew. Items not seen in a call are
 * forgotten.
 */
export interface StableItems<T> {
  reconcile(items: readonly { id: string; key: string; make: () => T }[]): T[];
}

export function createStableItems<T>(): StableItems<T> {
  let previous = new Map<string, { key: string; value: T }>();
  return {
    reconcile(items) {
      const next = new Map<string, { key: string; value: T }>();
      const list = items.map(({ id, key, make }) => {
        const cached = previous.get(id);
        const entry = cached && cached.key === key ? cached : { key, value: make() };
        next.set(id, entry);
        return entry.value;
      });
      previous = next;
      return list;
    },
  };
}
