import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, stableHash } from './stable-hash';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(canonicalJson(12n)).toBe('"12n"');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes equal values alike regardless of key order, and different values apart', () => {
    expect(stableHash({ x: 1, y: 'é' })).toBe(stableHash({ y: 'é', x: 1 }));
    expect(stableHash({ x: 1 })).not.toBe(stableHash({ x: 2 }));
    expect(stableHash('1')).not.toBe(stableHash(1));
  });
});
