import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { createTestDb } from '@/lib/testing/db';
import { registerAgent } from '@/lib/testing/execution';
import { CreateBudgetSchema } from '@/lib/schemas/budgets';
import { createBudget, deleteBudget, updateBudget } from './budgets';

const db = createTestDb();
const who = { actor: 'user:test', userId: null };

afterAll(async () => {
  await db.$disconnect();
});

function fieldsOf(input: unknown): Record<string, string> {
  const parsed = CreateBudgetSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('budget validation', () => {
  const base = { name: 'team', scope: 'global', limitMicros: 5_000_000 };

  it.each([
    [{ limitMicros: -1 }, 'limitMicros', /more than 0/],
    [{ limitMicros: 1.5 }, 'limitMicros', /whole numbers/],
    [{ limitMicros: 1e16 }, 'limitMicros', /too large/],
    [{ limitMicros: 'ten' }, 'limitMicros', /micro-dollars/],
    [{ scope: 'team' }, 'scope', /global, agent, capability or request/],
    [{ scope: 'agent' }, 'scopeId', /needs the agent's id/],
    [{ scope: 'capability' }, 'capability', /capability name/],
    [{ mode: 'panic' }, 'mode', /warn, pause or stop/],
    [{ thresholds: [0] }, 'thresholds.0', /between 1 and 100/],
  ])('%j is a field error on %s', (patch, field, message) => {
    expect(fieldsOf({ ...base, ...patch })[field]).toMatch(message);
  });

  it('refuses an unknown agent id and an overlapping budget, writing nothing', async () => {
    const before = await db.budget.count();
    const unknown = await createBudget(
      db,
      CreateBudgetSchema.parse({
        ...base,
        scope: 'agent',
        scopeId: '01900000-0000-7000-8000-000000000000',
      }),
      who,
    ).catch((e: unknown) => e);
    expect(isAppError(unknown) && unknown.fields).toEqual({ scopeId: 'No agent has this id.' });

    const agent = await registerAgent(db, {
      endpointUrl: 'http://127.0.0.1:9/hook',
      capabilities: ['x_cap'],
    });
    const input = CreateBudgetSchema.parse({
      name: 'agent daily',
      scope: 'agent',
      scopeId: agent.id,
      limitMicros: 1_000,
      period: 'day',
    });
    const created = await createBudget(db, input, who);
    expect(created).toMatchObject({
      scope: 'agent',
      scopeId: agent.id,
      period: 'day',
      mode: 'stop',
    });
    const overlap = await createBudget(db, { ...input, name: 'again' }, who).catch(
      (e: unknown) => e,
    );
    expect(isAppError(overlap) && overlap.fields?.period).toMatch(
      /already covers this agent per day/,
    );
    expect(await db.budget.count()).toBe(before + 1);

    const updated = await updateBudget(db, created.id, { limitMicros: 2_000, mode: 'pause' }, who);
    expect(updated).toMatchObject({ limitMicros: 2_000, mode: 'pause' });
    await deleteBudget(db, created.id, who);
    expect(await db.budget.count()).toBe(before);
    const audit = await db.auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'budget.created',
      'budget.updated',
      'budget.deleted',
    ]);
  });
});
