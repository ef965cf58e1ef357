'use client';

import { FilterForm, FilterSearch, FilterSelect } from '@/components/ui/filter-form';
import type { RequestFilters } from '@/lib/db/repositories/requests';
import { REQUEST_STATUSES } from '@/lib/engine';
import { humanize } from '@/lib/format';
import { STRATEGY_OPTIONS } from './strategy-options';

export function RequestFiltersForm({ filters }: { filters: RequestFilters }) {
  return (
    <FilterForm
      path="/requests"
      label="Filter requests"
      keys={['status', 'strategy', 'q']}
      isFiltered={Boolean(filters.status || filters.strategy || filters.q)}
      className="lg:grid-cols-[minmax(0,2fr)_repeat(2,minmax(0,1fr))_auto]"
    >
      <FilterSearch name="q" value={filters.q} placeholder="Words in the request" maxLength={200} />
      <FilterSelect
        label="Status"
        name="status"
        value={filters.status}
        options={REQUEST_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
      />
      <FilterSelect
        label="Strategy"
        name="strategy"
        value={filters.strategy}
        options={STRATEGY_OPTIONS}
      />
    </FilterForm>
  );
}
