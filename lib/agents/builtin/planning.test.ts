/**
 * The heuristic planner against the REAL builtin catalog (the engine's own tests use a copy, which
 * could drift): the two examples must plan exactly as specified on a fresh install.
 */
import { describe, expect, it } from 'vitest';
import { planHeuristically } from '@/lib/engine';
import { BUILTIN_AGENTS } from './catalog';

const catalog = BUILTIN_AGENTS.flatMap((agent) => agent.capabilities);

describe('heuristic planning with the builtin catalog', () => {
  it('plans "Calculate 15 * 7 and count the words in \'Hello world\'" as two independent tasks', () => {
    const plan = planHeuristically(
      "Calculate 15 * 7 and count the words in 'Hello world'",
      catalog,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.tasks.map((t) => [t.capability, t.dependsOn])).toEqual([
      ['calculate', []],
      ['count_words', []],
    ]);
    expect(plan.tasks[1]!.input).toContain("'Hello world'");
  });

  it('plans "Calculate 25 * 4 and format the result as JSON" as two tasks in sequence', () => {
    const plan = planHeuristically('Calculate 25 * 4 and format the result as JSON', catalog);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.tasks.map((t) => t.capability)).toEqual(['calculate', 'format_json']);
    expect(plan.tasks[1]!.dependsOn).toEqual([plan.tasks[0]!.ref]);
  });
});
