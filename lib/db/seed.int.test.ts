import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import { createTestDb } from '@/lib/testing/db';
import { seedDemoData } from './seed';

const db = createTestDb();
afterAll(() => db.$disconnect());

describe('seedDemoData', () => {
  it('registers every builtin agent with its capabilities and an initial transition, once', async () => {
    const first = await seedDemoData(db);
    expect(first).toEqual({ seeded: true, agentsCreated: BUILTIN_AGENTS.length });

    const agents = await db.agent.findMany({
      where: { kind: 'builtin' },
      select: {
        name: true,
        status: true,
        capabilities: { select: { name: true } },
        statusTransitions: true,
      },
      orderBy: { name: 'asc' },
    });
    expect(agents.map((a) => a.name)).toEqual(BUILTIN_AGENTS.map((a) => a.name).sort());
    const calculator = agents.find((a) => a.name === 'calculator')!;
    expect(calculator.status).toBe('ACTIVE');
    expect(calculator.capabilities.map((c) => c.name)).toEqual(['calculate']);
    expect(calculator.statusTransitions).toMatchObject([
      { from: null, to: 'ACTIVE', actor: 'system' },
    ]);

    // Second run: the marker says it was seeded; an operator who deleted an agent does not get it back.
    await db.agent.updateMany({ where: { name: 'calculator' }, data: { deletedAt: new Date() } });
    expect(await seedDemoData(db)).toEqual({ seeded: false, agentsCreated: 0 });
    expect(await db.agent.count({ where: { kind: 'builtin', deletedAt: null } })).toBe(
      BUILTIN_AGENTS.length - 1,
    );
  });

  it('is safe to force again: existing agents are kept, missing ones come back', async () => {
    const result = await seedDemoData(db, { force: true });
    expect(result.agentsCreated).toBe(1); // the calculator unregistered above
    expect(await db.agent.count({ where: { kind: 'builtin', deletedAt: null } })).toBe(
      BUILTIN_AGENTS.length,
    );
  });
});
