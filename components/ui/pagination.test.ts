import { describe, expect, it } from 'vitest';
import { parsePageParam } from './pagination';

describe('parsePageParam', () => {
  it.each([
    ['3', 3],
    ['1', 1],
    [undefined, 1],
    ['', 1],
    ['abc', 1],
    ['0', 1],
    ['-2', 1],
    ['2.5', 1],
    ['1e400', 1],
  ])('reads ?page=%j as page %d', (value, page) => {
    expect(parsePageParam(value)).toBe(page);
  });

  it('uses the first value of a repeated parameter', () => {
    expect(parsePageParam(['4', '7'])).toBe(4);
  });
});
