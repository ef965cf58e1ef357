/**
 * Submission refuses what cannot be planned, with field errors, and writes nothing (issue 15).
 * Real PostgreSQL; no worker is needed because refusals happen before the plan job exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@/lib/db/seed';
import { AppError } from '@/lib/errors';
import { createTestDb } from '@/lib/testing/db';
import { registerAgent } from '@/lib/testing/execution';
import { PLANNER_SETTING_KEY } from './plan';
import { LLM_PLANNER_OFFER } from './preflight';
import { submitRequest, type Submitter } from './submit';

const db = createTestDb();
const submitter: Submitter = { userId: null, label: 'test' };

beforeAll(async () => {
  await seedDemoData(db, { force: true });
});

afterAll(async () => {
  await db.$disconnect();
});

/** Submits and returns the refusal; fails the test when the submission was accepted. */
async function refusal(input: Parameters<typeof submitRequest>[1]): Promise<AppError> {
  const before = await db.request.count();
  const error = await submitRequest(db, input, submitter).then(
    (accepted) => new Error(`accepted as ${accepted.id}`),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION_FAILED');
  expect(await db.request.count()).toBe(before);
  return error as AppError;
}

describe('free text', () => {
  it('refuses text no capability matches, naming the clause and what is available', async () => {
    const error = await refusal({ input: 'translate this poem into Klingon' });
    expect(error.fields?.input).toMatch(
      /^No capability matches "translate this poem into Klingon"/,
    );
    expect(error.fields?.input).toContain('calculate');
    // No LLM planner is configured, so nothing else is offered.
    expect(error.fields?.planner).toBeUndefined();
  });

  it('refuses an ambiguous clause, asking which capability is meant', async () => {
    const endpointUrl = 'http://127.0.0.1:9/hook';
    await registerAgent(db, { endpointUrl, capabilities: ['summarize_text'] });
    await registerAgent(db, { endpointUrl, capabilities: ['summarize_news'] });
    const error = await refusal({ input: 'summarize' });
    expect(error.fields?.input).toMatch(/equally well; name the capability you want/);
  });

  it('accepts text the heuristic planner can plan', async () => {
    const accepted = await submitRequest(db, { input: 'Calculate 15 * 7' }, submitter);
    expect(accepted).toMatchObject({ status: 'planning', created: true });
  });

  it('leaves LLM-planned text to the planner, which may propose an agent', async () => {
    const accepted = await submitRequest(
      db,
      { input: 'translate this poem into Klingon', planner: 'llm' },
      submitter,
    );
    expect(accepted.created).toBe(true);
  });

  it('offers the LLM planner when one is configured and no agent fits', async () => {
    const planner = await registerAgent(db, {
      kind: 'openai',
      endpointUrl: 'http://127.0.0.1:9/v1',
      config: { model: 'planner-1' },
      capabilities: [],
    });
    await db.setting.upsert({
      where: { key: PLANNER_SETTING_KEY },
      create: { key: PLANNER_SETTING_KEY, value: { agentId: planner.id } },
      update: { value: { agentId: planner.id } },
    });
    try {
      const error = await refusal({ input: 'translate this poem into Klingon' });
      expect(error.fields?.planner).toBe(LLM_PLANNER_OFFER);
    } finally {
      await db.setting.delete({ where: { key: PLANNER_SETTING_KEY } });
    }
  });
});

describe('workflows', () => {
  it('refuses a workflow naming an unknown capability, on the field that names it', async () => {
    const error = await refusal({
      workflow: {
        tasks: [
          { ref: 'a', capability: 'calculate', input: '1 + 1' },
          { ref: 'b', capability: 'teleport', dependsOn: ['a'] },
        ],
      },
    });
    expect(error.fields?.workflow).toMatch(/teleport/);
    expect(error.fields?.['workflow.tasks.1.capability']).toMatch(/teleport/);
  });

  it('refuses a dependsOn ref no task has', async () => {
    const error = await refusal({
      workflow: { tasks: [{ ref: 'a', capability: 'calculate', dependsOn: ['missing'] }] },
    });
    expect(error.fields?.workflow).toMatch(/missing/);
  });

  it('accepts a valid workflow and titles it from its tasks', async () => {
    const accepted = await submitRequest(
      db,
      {
        workflow: {
          tasks: [
            { ref: 'sum', capability: 'calculate', input: '2 + 2' },
            { ref: 'words', capability: 'count_words', input: 'a b c' },
            { ref: 'out', capability: 'format_json', dependsOn: ['sum', 'words'] },
          ],
        },
      },
      submitter,
    );
    const row = await db.request.findUniqueOrThrow({ where: { id: accepted.id } });
    expect(row.title).toBe('calculate, count_words → format_json');
  });

  it('uses the workflow’s own title when it has one', async () => {
    const accepted = await submitRequest(
      db,
      { workflow: { title: 'Nightly sums', tasks: [{ ref: 'sum', capability: 'calculate' }] } },
      submitter,
    );
    const row = await db.request.findUniqueOrThrow({ where: { id: accepted.id } });
    expect(row.title).toBe('Nightly sums');
  });
});
