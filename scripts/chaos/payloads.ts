/**
 * Bad-input generators for the `fuzz` chaos scenario (issue 12, scenario 4). Every payload is meant
 * to be rejected: wrong types, missing and unknown fields, 1 MB strings, deep nesting, invalid
 * UTF-8, wrong content types, huge numbers, empty and truncated bodies. Seeded, so a run can be
 * repeated payload for payload.
 */
import fc from 'fast-check';

export type PayloadClass =
  | 'wrong-types'
  | 'unknown-fields'
  | 'missing-fields'
  | 'huge-string'
  | 'deep-nesting'
  | 'invalid-utf8'
  | 'wrong-content-type'
  | 'huge-numbers'
  | 'empty-body'
  | 'truncated-json'
  | 'not-an-object';

export interface Payload {
  kind: PayloadClass;
  contentType: string | null;
  body: Buffer;
}

export const PAYLOAD_CLASSES: readonly PayloadClass[] = [
  'wrong-types',
  'unknown-fields',
  'missing-fields',
  'huge-string',
  'deep-nesting',
  'invalid-utf8',
  'wrong-content-type',
  'huge-numbers',
  'empty-body',
  'truncated-json',
  'not-an-object',
];

const JSON_TYPE = 'application/json';
/** Just under the default 1 MiB body limit, so it reaches validation rather than the 413 check. */
export const HUGE_STRING_LENGTH = 1_000_000;
export const DEEP_NESTING_LEVELS = 1_000;

/** Values of the wrong type for any field a Baton schema has (names, ids, enums, numbers, flags). */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom(1e308, -0, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, -1e308),
);

const huge = ['1e308', '18446744073709551616', '-0', 'NaN', 'Infinity', '-1e999', '1e999'];

/** A nested array `levels` deep, written by hand (JSON.stringify of it is fine too, but this is cheaper). */
export function deepNesting(levels: number, open = '[', close = ']'): string {
  return `${open.repeat(levels)}${close.repeat(levels)}`;
}

function json(kind: PayloadClass, value: unknown, contentType = JSON_TYPE): Payload {
  return { kind, contentType, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

/**
 * One bad payload for a route whose schema names `fields` (its known field names). `seed` picks
 * the class and the values; the same seed gives the same payload.
 */
export function badPayload(fields: readonly string[], seed: number): Payload {
  const kind = PAYLOAD_CLASSES[seed % PAYLOAD_CLASSES.length]!;
  const [value] = fc.sample(fc.integer(), { seed, numRuns: 1 });
  const pick = <T>(items: readonly T[]) => items[Math.abs(value!) % items.length]!;
  const names = fields.length > 0 ? fields : ['name'];
  switch (kind) {
    case 'wrong-types': {
      const values = fc.sample(wrongValue, { seed, numRuns: names.length });
      return json(kind, Object.fromEntries(names.map((n, i) => [n, values[i]])));
    }
    case 'unknown-fields': {
      const keys = fc.sample(fc.string({ minLength: 1, maxLength: 12 }), { seed, numRuns: 3 });
      return json(kind, Object.fromEntries(keys.map((k) => [`x-${k}`, 'value'])));
    }
    case 'missing-fields':
      return json(kind, {});
    case 'huge-string':
      return json(
        kind,
        Object.fromEntries(
          names.map((n, i) => [n, i === 0 ? 'a'.repeat(HUGE_STRING_LENGTH) : 'b']),
        ),
      );
    case 'deep-nesting': {
      const field = pick(names);
      const nested = pick([
        deepNesting(DEEP_NESTING_LEVELS),
        `${'{"a":'.repeat(DEEP_NESTING_LEVELS)}1${'}'.repeat(DEEP_NESTING_LEVELS)}`,
      ]);
      return {
        kind,
        contentType: JSON_TYPE,
        body: Buffer.from(`{"${field}":${nested}}`, 'utf8'),
      };
    }
    case 'invalid-utf8': {
      const field = pick(names);
      const bad = pick([
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
      ]);
      return {
        kind,
        contentType: JSON_TYPE,
        body: Buffer.concat([Buffer.from(`{"${field}":"`), bad, Buffer.from('"}')]),
      };
    }
    case 'wrong-content-type': {
      const contentType = pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        null,
      ]);
      const body = pick(['name=x&role=admin', '<a>1</a>', '--x\r\n\r\n', 'not json at all']);
      return { kind, contentType, body: Buffer.from(body, 'utf8') };
    }
    case 'huge-numbers': {
      const number = pick(huge);
      const raw = number === 'NaN' || number === 'Infinity' ? `"${number}"` : number;
      return {
        kind,
        contentType: JSON_TYPE,
        body: Buffer.from(`{${names.map((n) => `"${n}":${raw}`).join(',')}}`, 'utf8'),
      };
    }
    case 'empty-body':
      return { kind, contentType: pick([JSON_TYPE, null]), body: Buffer.alloc(0) };
    case 'truncated-json': {
      const full = JSON.stringify(Object.fromEntries(names.map((n) => [n, 'value'])));
      const cut = 1 + (Math.abs(value!) % Math.max(1, full.length - 1));
      return { kind, contentType: JSON_TYPE, body: Buffer.from(full.slice(0, cut), 'utf8') };
    }
    case 'not-an-object':
      return json(kind, pick([null, 42, 'text', [1, 2], true, 1e308]));
  }
}
