import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badPayload, DEEP_NESTING_LEVELS, PAYLOAD_CLASSES } from './payloads';

const Schema = z
  .object({ name: z.string().min(1).max(200), limitMicros: z.number().int() })
  .strict();

function parse(body: Buffer): { ok: boolean; value?: unknown } {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

describe('fuzz payloads', () => {
  it('are all rejected by the schema they target (as JSON or as a body at all)', () => {
    for (let seed = 0; seed < 550; seed++) {
      const payload = badPayload(['name', 'limitMicros'], seed);
      const parsed = parse(payload.body);
      const accepted =
        parsed.ok &&
        payload.contentType === 'application/json' &&
        Schema.safeParse(parsed.value).success;
      expect(accepted, `seed ${seed} (${payload.kind}) was valid`).toBe(false);
    }
  }, 60_000);

  it('produce every class, including real deep nesting and invalid UTF-8', () => {
    const seen = new Set(Array.from({ length: 200 }, (_, s) => badPayload(['name'], s).kind));
    expect([...seen].sort()).toEqual([...PAYLOAD_CLASSES].sort());
    const deep = Array.from({ length: 200 }, (_, s) => badPayload(['name'], s)).find(
      (p) => p.kind === 'deep-nesting',
    )!;
    const text = deep.body.toString('utf8');
    expect(
      Math.max((text.match(/\[/g) ?? []).length, (text.match(/\{/g) ?? []).length),
    ).toBeGreaterThanOrEqual(DEEP_NESTING_LEVELS);
    const utf8 = Array.from({ length: 200 }, (_, s) => badPayload(['name'], s)).filter(
      (p) => p.kind === 'invalid-utf8',
    );
    for (const p of utf8) {
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(p.body)).toThrow();
    }
  }, 60_000);
});
