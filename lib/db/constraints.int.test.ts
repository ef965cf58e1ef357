/**
 * The database's last line of defence (docs/decisions/0004-database-schema.md): rows that break the
 * domain's rules are refused whatever writes them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';

const db = createTestDb();
afterAll(() => db.$disconnect());

const agentData = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('agent'),
  displayName: 'Agent',
  kind: 'webhook' as const,
  endpointUrl: 'http://127.0.0.1:9/hook',
  ...overrides,
});

/** Expects the write to fail on the named constraint. */
async function expectViolation(write: Promise<unknown>, constraint: string) {
  await expect(write).rejects.toThrow(constraint);
}

describe('agents', () => {
  it.each([
    ['a slug with capitals and spaces', { name: 'Not A Slug' }, 'agents_name_slug_check'],
    ['zero concurrency', { maxConcurrentTasks: 0 }, 'agents_max_concurrent_tasks_check'],
    ['a negative price', { pricePerCall: -1n }, 'agents_prices_check'],
    ['a success rate above 1', { successRate: 1.5 }, 'agents_success_rate_check'],
    ['a remote agent without a URL', { endpointUrl: null }, 'agents_endpoint_check'],
    ['a health interval of 1 s', { healthCheckIntervalS: 1 }, 'agents_health_interval_check'],
  ])('refuses %s', async (_label, overrides, constraint) => {
    await expectViolation(db.agent.create({ data: agentData(overrides) }), constraint);
  });

  it('keeps live slugs unique but lets an unregistered agent’s slug be reused', async () => {
    const name = uniqueName('dup');
    const first = await db.agent.create({ data: agentData({ name }) });
    await expect(db.agent.create({ data: agentData({ name }) })).rejects.toMatchObject({
      code: 'P2002',
    });
    await db.agent.update({ where: { id: first.id }, data: { deletedAt: new Date() } });
    await expect(db.agent.create({ data: agentData({ name }) })).resolves.toMatchObject({ name });
  });

  it('records transitions only with a known actor and a real change', async () => {
    const agent = await db.agent.create({ data: agentData() });
    await expectViolation(
      db.statusTransition.create({
        data: { agentId: agent.id, from: 'ACTIVE', to: 'FAILED', actor: 'somebody' },
      }),
      'status_transitions_actor_check',
    );
    await expectViolation(
      db.statusTransition.create({
        data: { agentId: agent.id, from: 'ACTIVE', to: 'ACTIVE', actor: 'system' },
      }),
      'status_transitions_change_check',
    );
  });
});

describe('requests, tasks and money', () => {
  it('refuses a request with neither input nor workflow', async () => {
    await expectViolation(
      db.request.create({ data: { submittedBy: 'system' } }),
      'requests_input_check',
    );
  });

  it('refuses a task that depends on itself and an attempt numbered 0', async () => {
    const request = await db.request.create({ data: { input: 'x', submittedBy: 'system' } });
    const task = await db.task.create({
      data: { requestId: request.id, ref: 't1', description: 'd', capability: 'calculate' },
    });
    await expectViolation(
      db.taskDependency.create({ data: { taskId: task.id, dependsOnId: task.id } }),
      'task_dependencies_no_self_check',
    );
    await expectViolation(
      db.taskAttempt.create({
        data: { taskId: task.id, number: 0, idempotencyKey: `${task.id}:0` },
      }),
      'task_attempts_number_check',
    );
  });

  it('refuses negative ledger amounts and budgets whose scope id does not fit the scope', async () => {
    await expectViolation(
      db.costEntry.create({ data: { kind: 'agent', amount: -5n } }),
      'cost_entries_amount_check',
    );
    await expectViolation(
      db.budget.create({ data: { scope: 'agent', scopeId: null, limit: 1_000_000n } }),
      'budgets_scope_id_check',
    );
    await expectViolation(
      db.budget.create({ data: { scope: 'global', limit: 0n } }),
      'budgets_limit_check',
    );
  });

  it('allows one global budget per period', async () => {
    await db.budget.create({ data: { scope: 'global', period: 'day', limit: 10_000_000n } });
    await expect(
      db.budget.create({ data: { scope: 'global', period: 'day', limit: 20_000_000n } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });
});
