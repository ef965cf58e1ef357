import { describe, expect, it } from 'vitest';
import { pageHref, parsePageParam } from './pagination';

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

describe('pageHref', () => {
  it('links page 1 to the bare path and later pages with ?page=', () => {
    expect(pageHref('/agents', 1)).toBe('/agents');
    expect(pageHref('/agents', 3)).toBe('/agents?page=3');
  });

  it('keeps the filters on every page and drops blank ones', () => {
    const query = { status: 'FAILED', kind: undefined, search: 'calc ulator', capability: '' };
    expect(pageHref('/agents', 1, { query })).toBe('/agents?status=FAILED&search=calc+ulator');
    expect(pageHref('/agents', 2, { query })).toBe(
      '/agents?status=FAILED&search=calc+ulator&page=2',
    );
  });

  it('uses a custom page parameter', () => {
    expect(pageHref('/agents/x', 2, { pageParam: 'historyPage', query: { window: '7d' } })).toBe(
      '/agents/x?window=7d&historyPage=2',
    );
  });
});
