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
