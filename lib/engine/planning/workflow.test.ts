import { describe, expect, it } from 'vitest';
import { WorkflowSchema, planFromWorkflow } from './workflow';

const CAPABILITIES = new Set(['calculate', 'format_json', 'count_words']);

describe('planFromWorkflow', () => {
  it('turns a workflow into planned tasks with defaults and a topological order', () => {
    const result = planFromWorkflow(
      JSON.stringify({
        tasks: [
          { ref: 'as_json', capability: 'format_json', dependsOn: ['product'], maxAttempts: 2 },
          { ref: 'product', capability: 'calculate', input: '25 * 4', timeoutMs: 5000 },
        ],
      }),
      CAPABILITIES,
    );
    expect(result).toEqual({
      ok: true,
      tasks: [
        {
          ref: 'as_json',
          description: 'as_json',
          capability: 'format_json',
          dependsOn: ['product'],
          mode: 'single',
          maxAttempts: 2,
        },
        {
          ref: 'product',
          description: 'product',
          capability: 'calculate',
          dependsOn: [],
          mode: 'single',
          input: '25 * 4',
          timeoutMs: 5000,
        },
      ],
      order: ['product', 'as_json'],
    });
  });

  it('accepts an already-parsed value', () => {
    const result = planFromWorkflow(
      { tasks: [{ ref: 'a', capability: 'calculate' }] },
      CAPABILITIES,
    );
    expect(result.ok).toBe(true);
  });

  it('names the path of every schema error', () => {
    const result = planFromWorkflow(
      {
        tasks: [
          { ref: 'a', capability: 'calculate' },
          { ref: 'b', capability: 'calculate', dependsOn: [7], maxAttempts: 11, mode: 'all' },
          { ref: 'bad ref', capability: '', depends_on: ['a'] },
        ],
      },
      CAPABILITIES,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_WORKFLOW');
    expect(result.error.problems.map((p) => p.path).sort()).toEqual(
      [
        'tasks.1.dependsOn.0',
        'tasks.1.maxAttempts',
        'tasks.1.mode',
        'tasks.2',
        'tasks.2.capability',
        'tasks.2.ref',
      ].sort(),
    );
    expect(result.error.message).toContain('tasks.1.dependsOn.0: ');
    expect(result.error.message).toContain('depends_on');
  });

  it('rejects malformed JSON, an empty workflow and more than 200 tasks', () => {
    expect(planFromWorkflow('{"tasks": [', CAPABILITIES)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_WORKFLOW', problems: [{ code: 'INVALID_JSON' }] },
    });
    expect(planFromWorkflow({ tasks: [] }, CAPABILITIES)).toMatchObject({
      ok: false,
      error: { problems: [{ path: 'tasks' }] },
    });
    const many = Array.from({ length: 201 }, (_, i) => ({ ref: `t${i}`, capability: 'calculate' }));
    expect(WorkflowSchema.safeParse({ tasks: many }).success).toBe(false);
    expect(WorkflowSchema.safeParse({ tasks: many.slice(0, 200) }).success).toBe(true);
  });

  it('validates the graph: cycles, unknown refs and capabilities', () => {
    const result = planFromWorkflow(
      {
        tasks: [
          { ref: 'a', capability: 'calculate', dependsOn: ['b'] },
          { ref: 'b', capability: 'calculate', dependsOn: ['a'] },
          { ref: 'c', capability: 'translate', dependsOn: ['zz'] },
        ],
      },
      CAPABILITIES,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PLAN' } });
    if (result.ok) return;
    expect(result.error.problems.map((p) => p.message)).toEqual([
      "task 'c' needs 'translate': no registered agent offers 'translate'",
      "task 'c' depends on 'zz', which is not in the plan",
      'deadlock: a → b → a',
    ]);
    expect(result.error.problems[1]?.path).toBe('tasks.2.dependsOn.0');
  });
});
