import { describe, expect, it } from 'vitest';
import { costliestTasks } from './request-costs';

const task = (ref: string, actualMicros: number) => ({ ref, actualMicros });

describe('costliestTasks', () => {
  it('lists the costliest first, ties in plan order', () => {
    const { shown, hidden } = costliestTasks([
      task('a', 10),
      task('b', 300),
      task('c', 10),
      task('d', 0),
    ]);
    expect(shown.map((t) => t.ref)).toEqual(['b', 'a', 'c', 'd']);
    expect(hidden).toEqual({ count: 0, actualMicros: 0 });
  });

  it('keeps at most `limit` rows and totals the rest', () => {
    const tasks = Array.from({ length: 30 }, (_, i) => task(`t${i}`, i * 1_000));
    const { shown, hidden } = costliestTasks(tasks, 25);
    expect(shown).toHaveLength(25);
    expect(shown[0]!.ref).toBe('t29');
    expect(shown.at(-1)!.ref).toBe('t5');
    // t0..t4: 0 + 1,000 + 2,000 + 3,000 + 4,000.
    expect(hidden).toEqual({ count: 5, actualMicros: 10_000 });
  });
});
