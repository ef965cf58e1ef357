/**
 * Stable, dependency-free hashing of JSON-like values (no node:crypto: the engine stays portable and
 * pure). Used to recognise repeated identical calls, not for security.
 */

/**
 * JSON with object keys sorted at every level, so `{a, b}` and `{b, a}` serialise alike. bigint
 * becomes `"<digits>n"`; undefined object members are dropped (as JSON.stringify does).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(`${value}n`);
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${entries.join(',')}}`;
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/**
 * 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. 64 bits rather than 32: a request
 * makes at most a few hundred calls, so a false "identical call" is ~1e-15 likely instead of ~1e-5.
 */
export function fnv1a64(text: string): string {
  let hash = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Stable hash of a JSON-like value: FNV-1a 64 of its canonical JSON. */
export function stableHash(value: unknown): string {
  return fnv1a64(canonicalJson(value));
}
