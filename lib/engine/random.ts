/**
 * Injected randomness. The engine never calls `Math.random()`: strategies and backoff take a
 * `Random` so tests can replay a seeded sequence. Production passes `Math.random` from composition
 * code (lib/server).
 */

/** Returns a float in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * mulberry32: a tiny, fast, seeded 32-bit PRNG (public domain, Tommy Ettinger). Good enough for
 * tests and distribution checks; not for anything security-related.
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws from `random` and checks it honours the [0, 1) contract, so a broken source fails loudly
 * instead of silently picking the last candidate every time.
 */
export function drawUnit(random: Random): number {
  const value = random();
  if (!(value >= 0 && value < 1)) {
    throw new RangeError(`Random source must return a number in [0, 1), got ${value}.`);
  }
  return value;
}

/** A uniform integer in [0, n) from `random`; n must be a positive integer. */
export function drawIndex(random: Random, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`drawIndex needs n >= 1, got ${n}.`);
  return Math.min(n - 1, Math.floor(drawUnit(random) * n));
}
