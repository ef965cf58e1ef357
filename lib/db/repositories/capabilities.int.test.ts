import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import {
  findAgentsByCapability,
  findAgentsByInputType,
  findAgentsByTag,
  listCapabilities,
  listCapabilityNames,
} from './capabilities';

const db = createTestDb();
const names = { a: uniqueName('alpha'), b: uniqueName('beta'), gone: uniqueName('gone') };

beforeAll(async () => {
  const make = (
    name: string,
    caps: { name: string; tags: string[]; inputTypes: string[] }[],
    deleted = false,
  ) =>
    db.agent.create({
      data: {
        name,
        displayName: name,
        kind: 'builtin',
        deletedAt: deleted ? new Date() : null,
        capabilities: { create: caps },
      },
    });
  await make(names.a, [
    { name: 'translate', tags: ['language'], inputTypes: ['text/plain'] },
    { name: 'ocr', tags: ['vision'], inputTypes: ['image/png'] },
  ]);
  await make(names.b, [
    { name: 'translate', tags: ['language', 'fast'], inputTypes: ['text/plain', 'text/html'] },
  ]);
  await make(
    names.gone,
    [
      { name: 'translate', tags: ['language'], inputTypes: ['text/plain'] },
      { name: 'only-unregistered', tags: [], inputTypes: [] },
    ],
    true,
  );
});
afterAll(() => db.$disconnect());

describe('capability lookups', () => {
  it('finds live agents by capability, ordered by name, never unregistered ones', async () => {
    const found = await findAgentsByCapability(db, 'translate');
    expect(found.map((a) => a.name)).toEqual([names.a, names.b]);
    expect(found[0]).toMatchObject({
      kind: 'builtin',
      status: 'ACTIVE',
      capability: 'translate',
      displayName: names.a,
    });
    expect(await findAgentsByCapability(db, 'Translate')).toEqual([]);
  });

  it('finds agents by tag and by input type', async () => {
    expect((await findAgentsByTag(db, 'fast')).map((a) => a.name)).toEqual([names.b]);
    expect((await findAgentsByTag(db, 'vision')).map((a) => `${a.name}:${a.capability}`)).toEqual([
      `${names.a}:ocr`,
    ]);
    expect((await findAgentsByInputType(db, 'text/html')).map((a) => a.name)).toEqual([names.b]);
    expect((await findAgentsByInputType(db, 'image/png')).map((a) => a.capability)).toEqual([
      'ocr',
    ]);
  });

  it('lists each capability once with all its agents and merged tags', async () => {
    const translate = (await listCapabilities(db)).find((c) => c.name === 'translate');
    expect(translate?.agents.map((a) => a.name)).toEqual([names.a, names.b]);
    expect(translate?.tags.sort()).toEqual(['fast', 'language']);
    expect(translate?.inputTypes.sort()).toEqual(['text/html', 'text/plain']);
  });

  it('lists the distinct capability names of live agents in order, for the filter', async () => {
    // `translate` is offered twice (and once by the unregistered agent), `only-unregistered` by
    // nobody live.
    expect(await listCapabilityNames(db)).toEqual(['ocr', 'translate']);
  });
});
