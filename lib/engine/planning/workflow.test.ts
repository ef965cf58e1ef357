import { describe, expect, it } from 'vitest';
import {
  MAX_WORKFLOW_TITLE_LENGTH,
  WorkflowSchema,
  planFromWorkflow,
  workflowTitle,
} from './workflow';

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

describe('workflowTitle', () => {
  const task = (ref: string, capability: string, dependsOn: string[] = []) => ({
    ref,
    capability,
    dependsOn,
  });

  it('names the capabilities stage by stage', () => {
    expect(
      workflowTitle({
        tasks: [
          task('sum', 'calculate'),
          task('words', 'count_words'),
          task('out', 'format_json', ['sum', 'words']),
        ],
      }),
    ).toBe('calculate, count_words → format_json');
  });

  it('places a task at the depth of its longest chain, naming a capability once per stage', () => {
    expect(
      workflowTitle({
        tasks: [
          task('a', 'calculate'),
          task('b', 'calculate'),
          task('c', 'summarize', ['a']),
          task('d', 'format_json', ['c', 'b']),
        ],
      }),
    ).toBe('calculate → summarize → format_json');
  });

  it('counts the capabilities past three in a stage', () => {
    expect(
      workflowTitle({
        tasks: ['a', 'b', 'c', 'd', 'e'].map((ref) => task(ref, `cap_${ref}`)),
      }),
    ).toBe('cap_a, cap_b, cap_c +2');
  });

  it("uses the workflow's own title, on one line, clipped to the limit", () => {
    expect(workflowTitle({ title: '  Nightly\n report ', tasks: [task('a', 'calculate')] })).toBe(
      'Nightly report',
    );
    const long = workflowTitle({ title: 'x'.repeat(500), tasks: [task('a', 'calculate')] });
    expect(long).toHaveLength(MAX_WORKFLOW_TITLE_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('survives cycles and unknown refs', () => {
    expect(
      workflowTitle({
        tasks: [task('a', 'calculate', ['b']), task('b', 'summarize', ['a', 'ghost'])],
      }),
    ).toBe('summarize → calculate');
  });
});
