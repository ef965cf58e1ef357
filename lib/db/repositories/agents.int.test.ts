import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { findAgents } from './agents';

const db = createTestDb();
const base = Date.UTC(2026, 0, 1);
const live: string[] = [];

beforeAll(async () => {
  // Four live agents created a minute apart (index 3 newest), plus one unregistered.
  for (let i = 0; i < 4; i++) {
    const agent = await db.agent.create({
      data: {
        name: uniqueName(`agent-${i}`),
        displayName: `Agent ${i}`,
        kind: 'builtin',
        createdAt: new Date(base + i * 60_000),
        capabilities: {
          create: (i === 3 ? ['zeta', 'alpha', 'mu', 'beta', 'omega'] : ['only']).map((name) => ({
            name,
          })),
        },
      },
      select: { id: true },
    });
    live.push(agent.id);
  }
  await db.agent.create({
    data: {
      name: uniqueName('gone'),
      displayName: 'Gone',
      kind: 'webhook',
      endpointUrl: 'http://localhost:9/hook',
      deletedAt: new Date(base),
      createdAt: new Date(base + 10 * 60_000),
    },
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe('findAgents', () => {
  it('lists live agents newest first and leaves unregistered ones out', async () => {
    const page = await findAgents(db, { page: 1, pageSize: 3 });
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(page.items.map((agent) => agent.id)).toEqual([live[3], live[2], live[1]]);
  });

  it('carries the first capability names alphabetically and the full count', async () => {
    const [newest] = (await findAgents(db, { page: 1, pageSize: 1 })).items;
    expect(newest).toMatchObject({ capabilities: ['alpha', 'beta', 'mu'], capabilityCount: 5 });
  });

  it('clamps a page past the end to the last page', async () => {
    const page = await findAgents(db, { page: 9, pageSize: 3 });
    expect(page.page).toBe(2);
    expect(page.items.map((agent) => agent.id)).toEqual([live[0]]);
  });
});

describe('findAgents filters', () => {
  // Own agents with a marker in their names, so the four above do not match the search.
  const marker = uniqueName('flt');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const make = async (
      key: string,
      data: {
        status?: 'ACTIVE' | 'DEGRADED';
        kind?: 'builtin' | 'webhook';
        caps?: string[];
        displayName?: string;
      },
      minute: number,
    ) => {
      const agent = await db.agent.create({
        data: {
          name: `${marker}-${key}`,
          displayName: data.displayName ?? `Filter ${key}`,
          kind: data.kind ?? 'builtin',
          ...(data.kind === 'webhook' && { endpointUrl: 'http://localhost:9/hook' }),
          status: data.status ?? 'ACTIVE',
          createdAt: new Date(base + minute * 60_000),
          capabilities: { create: (data.caps ?? []).map((name) => ({ name })) },
        },
        select: { id: true },
      });
      ids[key] = agent.id;
    };
    await make('plain', { caps: ['summarize'] }, 100);
    await make('degraded', { status: 'DEGRADED', caps: ['summarize', 'translate'] }, 101);
    await make('hook', { kind: 'webhook', caps: ['translate'] }, 102);
    await make('literal', { displayName: 'Filter 100%_sure' }, 103);
  });

  const idsOf = (page: { items: { id: string }[] }) => page.items.map((agent) => agent.id);

  it('filters by status, kind and capability, and counts only the matches', async () => {
    const degraded = await findAgents(db, { page: 1, pageSize: 10 }, { status: 'DEGRADED' });
    expect(degraded).toMatchObject({ total: 1, page: 1 });
    expect(idsOf(degraded)).toEqual([ids.degraded]);

    const hooks = await findAgents(db, { page: 1, pageSize: 10 }, { kind: 'webhook' });
    expect(idsOf(hooks)).toEqual([ids.hook]);

    const translators = await findAgents(
      db,
      { page: 1, pageSize: 10 },
      { capability: 'translate' },
    );
    expect(translators.total).toBe(2);
    expect(idsOf(translators)).toEqual([ids.hook, ids.degraded]);
  });

  it('combines the filters and clamps the page within the matches', async () => {
    const page = await findAgents(
      db,
      { page: 5, pageSize: 1 },
      { capability: 'summarize', search: marker.toUpperCase() },
    );
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(idsOf(page)).toEqual([ids.plain]);
  });

  it('searches the slug or display name case-insensitively, % and _ as themselves', async () => {
    const byDisplayName = await findAgents(db, { page: 1, pageSize: 10 }, { search: 'filter HO' });
    expect(idsOf(byDisplayName)).toEqual([ids.hook]);
    const literal = await findAgents(db, { page: 1, pageSize: 10 }, { search: '100%_' });
    expect(idsOf(literal)).toEqual([ids.literal]);
    // Unescaped, `_` would match any character and `%` anything at all: every agent here.
    expect(idsOf(await findAgents(db, { page: 1, pageSize: 10 }, { search: '_' }))).toEqual([
      ids.literal,
    ]);
    expect((await findAgents(db, { page: 1, pageSize: 10 }, { search: '%' })).total).toBe(1);
  });

  it('answers an empty first page when nothing matches', async () => {
    const page = await findAgents(db, { page: 3, pageSize: 10 }, { search: `${marker}-none` });
    expect(page).toEqual({ items: [], total: 0, page: 1, pageSize: 10 });
  });
});
