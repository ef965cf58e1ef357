import { describe, expect, it } from 'vitest';
import { filterQuery, hasFilters, parseRequestFilters } from './request-filters';

describe('parseRequestFilters', () => {
  it('reads valid filters from the URL', () => {
    expect(parseRequestFilters({ status: 'running', strategy: 'cheapest', q: ' words ' })).toEqual({
      status: 'running',
      strategy: 'cheapest',
      q: 'words',
    });
  });

  it('ignores blank and invalid values instead of failing the page', () => {
    expect(parseRequestFilters({ status: 'sleeping', strategy: '', q: undefined })).toEqual({});
    expect(parseRequestFilters({ q: 'x'.repeat(201) })).toEqual({});
  });

  it('uses the first of repeated parameters', () => {
    expect(parseRequestFilters({ status: ['failed', 'running'] })).toEqual({ status: 'failed' });
  });
});

describe('filterQuery and hasFilters', () => {
  it('round-trips the filters for pagination links', () => {
    expect(filterQuery({ strategy: 'random' })).toEqual({
      status: undefined,
      strategy: 'random',
      q: undefined,
    });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ q: 'calc' })).toBe(true);
  });
});
