import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedTables, ROUTE_TARGETS, routeWouldAccept } from './fuzz';
import { badPayload } from './payloads';

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(full)));
    else if (entry.name === 'route.ts') out.push(full);
  }
  return out;
}

describe('chaos fuzz targets', () => {
  it('cover every mutating method of every API route', async () => {
    const expected: string[] = [];
    for (const file of await routeFiles(path.resolve('app/api'))) {
      const source = await readFile(file, 'utf8');
      const template = `/${path.relative(path.resolve('app'), path.dirname(file))}`;
      for (const [, method] of source.matchAll(/export const (POST|PUT|PATCH|DELETE)\b/g)) {
        expected.push(`${method} ${template}`);
      }
    }
    expect(ROUTE_TARGETS.map((t) => t.name).sort()).toEqual(expected.sort());
  });

  it('send no body a route would accept (the pre-filter really regenerates)', () => {
    const cancel = ROUTE_TARGETS.find((t) => t.name === 'POST /api/v1/requests/[id]/cancel')!;
    // An empty body is a valid cancel ({}); the generator makes some, the pre-filter must see it.
    const empties = Array.from({ length: 200 }, (_, s) => badPayload(cancel.fields, s)).filter(
      (p) => p.kind === 'empty-body',
    );
    expect(empties.length).toBeGreaterThan(0);
    for (const p of empties) expect(routeWouldAccept(cancel, p)).toBe(true);
    expect(
      routeWouldAccept(cancel, {
        kind: 'wrong-types',
        contentType: 'application/json',
        body: Buffer.from('{"reason":5}'),
      }),
    ).toBe(false);
  });

  it('report a changed row count, and nothing when all are equal', () => {
    expect(changedTables({ a: 1, b: 2 }, { a: 1, b: 2 })).toEqual([]);
    expect(changedTables({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual(['b 2→3']);
  });
});
