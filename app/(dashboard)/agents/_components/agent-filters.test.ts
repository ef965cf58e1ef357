import { describe, expect, it } from 'vitest';
import { filterQuery, hasFilters, parseAgentFilters } from './agent-filters';

describe('parseAgentFilters', () => {
  it('reads valid filters from the URL', () => {
    expect(
      parseAgentFilters({
        status: 'FAILED',
        kind: 'a2a',
        capability: 'calculate',
        search: ' calc ',
      }),
    ).toEqual({ status: 'FAILED', kind: 'a2a', capability: 'calculate', search: 'calc' });
  });

  it('ignores blank and invalid values instead of failing the page', () => {
    expect(parseAgentFilters({ status: 'SLEEPING', kind: '', capability: undefined })).toEqual({});
  });

  it('uses the first of repeated parameters', () => {
    expect(parseAgentFilters({ status: ['DEGRADED', 'FAILED'] })).toEqual({ status: 'DEGRADED' });
  });
});

describe('filterQuery and hasFilters', () => {
  it('round-trips the filters for pagination links', () => {
    expect(filterQuery({ kind: 'webhook' })).toEqual({
      status: undefined,
      kind: 'webhook',
      capability: undefined,
      search: undefined,
    });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ search: 'x' })).toBe(true);
  });
});
