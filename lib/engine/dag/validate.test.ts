import { describe, expect, it } from 'vitest';
import { validatePlan, type PlanNode } from './validate';

const CAPABILITIES = new Set(['calculate', 'count_words', 'format_json', 'synthesize']);
const task = (ref: string, dependsOn: string[] = [], capability = 'calculate'): PlanNode => ({
  ref,
  capability,
  dependsOn,
});
const errorsOf = (tasks: PlanNode[], capabilities = CAPABILITIES) => {
  const result = validatePlan({ tasks }, capabilities);
  if (result.ok) throw new Error(`expected errors, got order ${result.order.join(',')}`);
  return result.errors;
};

describe('validatePlan', () => {
  it('orders dependencies first and otherwise keeps plan order', () => {
    const result = validatePlan(
      {
        tasks: [
          task('report', ['sum', 'words'], 'synthesize'),
          task('words', [], 'count_words'),
          task('sum'),
          task('json', ['sum'], 'format_json'),
          task('extra'),
        ],
      },
      CAPABILITIES,
    );
    expect(result).toEqual({ ok: true, order: ['words', 'sum', 'report', 'json', 'extra'] });
  });

  it('puts every task after all of its dependencies in a diamond', () => {
    const tasks = [task('d', ['b', 'c']), task('c', ['a']), task('b', ['a']), task('a')];
    const result = validatePlan({ tasks }, CAPABILITIES);
    expect(result).toEqual({ ok: true, order: ['a', 'c', 'b', 'd'] });
  });

  it('rejects an empty plan', () => {
    expect(errorsOf([])).toEqual([
      { code: 'EMPTY_PLAN', message: 'the plan has no tasks', path: 'tasks' },
    ]);
  });

  it('names an unknown reference and where it is', () => {
    expect(errorsOf([task('a'), task('b', ['a', 'x'])])).toEqual([
      {
        code: 'UNKNOWN_REF',
        message: "task 'b' depends on 'x', which is not in the plan",
        ref: 'b',
        path: 'tasks.1.dependsOn.1',
      },
    ]);
  });

  it('names a capability no agent offers', () => {
    const [error] = errorsOf([task('fr', [], 'translate')]);
    expect(error).toMatchObject({
      code: 'UNKNOWN_CAPABILITY',
      ref: 'fr',
      path: 'tasks.0.capability',
    });
    expect(error?.message).toContain("no registered agent offers 'translate'");
  });

  it('rejects duplicate refs, naming both positions', () => {
    const [error] = errorsOf([task('a'), task('b'), task('a', ['b'])]);
    expect(error).toEqual({
      code: 'DUPLICATE_REF',
      message: "ref 'a' is used by more than one task (tasks 1 and 3)",
      ref: 'a',
      path: 'tasks.2.ref',
    });
  });

  it('rejects a task that depends on itself', () => {
    expect(errorsOf([task('a', ['a'])]).map((e) => e.code)).toEqual(['SELF_DEPENDENCY']);
  });

  it.each([
    ['', false],
    ['-lead', false],
    ['.lead', false],
    ['has space', false],
    ['x'.repeat(65), false],
    ['x'.repeat(64), true],
    ['_ok.v2-final', true],
    ['9lives', true],
  ])('ref %j valid: %s', (ref, isValid) => {
    const result = validatePlan({ tasks: [task(ref)] }, CAPABILITIES);
    expect(result.ok).toBe(isValid);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['INVALID_REF']);
  });

  it('names a cycle in dependency order, from its first-declared task', () => {
    // a waits for c, c waits for b, b waits for a.
    const errors = errorsOf([task('a', ['c']), task('b', ['a']), task('c', ['b'])]);
    expect(errors).toEqual([
      { code: 'CYCLE', message: 'deadlock: a → c → b → a', ref: 'a', cycle: ['a', 'c', 'b'] },
    ]);
  });

  it('names the cycle as written: a → b → c → a', () => {
    const errors = errorsOf([task('a', ['b']), task('b', ['c']), task('c', ['a'])]);
    expect(errors.map((e) => e.message)).toEqual(['deadlock: a → b → c → a']);
  });

  it('reports each separate cycle once and not the tasks that merely wait on one', () => {
    const errors = errorsOf([
      task('start'),
      task('waits', ['x']),
      task('x', ['y']),
      task('y', ['x', 'start']),
      task('p', ['q']),
      task('q', ['p']),
    ]);
    expect(errors.map((e) => e.message)).toEqual(['deadlock: x → y → x', 'deadlock: p → q → p']);
  });

  it('names the shortest cycle through the first task of a tangled component', () => {
    const errors = errorsOf([task('a', ['b']), task('b', ['c', 'a']), task('c', ['a'])]);
    expect(errors.map((e) => e.message)).toEqual(['deadlock: a → b → a']);
  });

  it('reports every kind of error at once', () => {
    const codes = errorsOf([
      task('a', ['a', 'ghost'], 'translate'),
      task('a'),
      task('b', ['c']),
      task('c', ['b']),
    ]).map((e) => e.code);
    expect(codes.sort()).toEqual(
      ['CYCLE', 'DUPLICATE_REF', 'SELF_DEPENDENCY', 'UNKNOWN_CAPABILITY', 'UNKNOWN_REF'].sort(),
    );
  });

  it('ignores a dependency listed twice', () => {
    expect(validatePlan({ tasks: [task('a'), task('b', ['a', 'a'])] }, CAPABILITIES)).toEqual({
      ok: true,
      order: ['a', 'b'],
    });
  });
});
