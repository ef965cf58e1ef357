import { describe, expect, it } from 'vitest';
import { compareMigrations } from './migrations';

describe('compareMigrations', () => {
  it('names shipped migrations the database lacks as pending, unfinished ones as failed', () => {
    const state = compareMigrations(
      ['2026_a', '2026_b', '2026_c'],
      [
        { name: '2026_b', finished: true },
        { name: '2026_a', finished: true },
        { name: '2026_c', finished: false },
      ],
    );
    expect(state).toEqual({
      expected: ['2026_a', '2026_b', '2026_c'],
      applied: ['2026_a', '2026_b'],
      pending: ['2026_c'],
      failed: ['2026_c'],
      latest: '2026_b',
    });
  });

  it('has no latest migration on an empty database', () => {
    expect(compareMigrations(['2026_a'], [])).toMatchObject({ pending: ['2026_a'], latest: null });
  });
});
