'use client';

import { FilterForm, FilterSearch, FilterSelect } from '@/components/ui/filter-form';
import type { AgentFilters } from '@/lib/db/repositories/agents';
import { AGENT_KINDS, AGENT_STATUSES } from '@/lib/engine';
import { humanize } from '@/lib/format';
import { KIND_LABELS } from './agent-format';

export function AgentFiltersForm({
  filters,
  capabilities,
}: {
  filters: AgentFilters;
  capabilities: string[];
}) {
  return (
    <FilterForm
      path="/agents"
      label="Filter agents"
      keys={['status', 'kind', 'capability', 'search']}
      isFiltered={Boolean(filters.status || filters.kind || filters.capability || filters.search)}
      className="lg:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))_auto]"
    >
      <FilterSearch name="search" value={filters.search} placeholder="Name or display name" />
      <FilterSelect
        label="Status"
        name="status"
        value={filters.status}
        options={AGENT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
      />
      <FilterSelect
        label="Kind"
        name="kind"
        value={filters.kind}
        options={AGENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
      />
      <FilterSelect
        label="Capability"
        name="capability"
        value={filters.capability}
        options={withCurrent(capabilities, filters.capability).map((c) => ({ value: c, label: c }))}
      />
    </FilterForm>
  );
}

function withCurrent(names: string[], current: string | undefined): string[] {
  return current && !names.includes(current) ? [...names, current].sort() : names;
}
