/**
 * Caps the live event streams (SSE) one caller holds open at once (issue 12, ADR 0052). Counted in
 * this process's memory: a stream lives in the process that serves it.
 */
export interface StreamSlots {
  /** A release function (idempotent) when `key` has a free slot, or null when it has `max` open. */
  tryAcquire(key: string): (() => void) | null;
  open(key: string): number;
}

export function createStreamSlots(max: number): StreamSlots {
  const counts = new Map<string, number>();
  return {
    tryAcquire(key) {
      const current = counts.get(key) ?? 0;
      if (current >= max) return null;
      counts.set(key, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(key) ?? 1) - 1;
        if (left <= 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
    open: (key) => counts.get(key) ?? 0,
  };
}
