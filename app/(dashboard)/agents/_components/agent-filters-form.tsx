'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button, buttonClassName } from '@/components/ui/button';
import { AGENT_KINDS, AGENT_STATUSES } from '@/lib/engine';
import type { AgentFilters } from '@/lib/db/repositories/agents';
import { pageHref } from '@/components/ui/pagination';
import { humanize } from '@/lib/format';
import { KIND_LABELS } from './agent-format';

const INPUT =
  'block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500';

/**
 * A GET form: the filters live in the URL, so a filtered view can be shared and works without
 * JavaScript. With JavaScript, blank filters are left out of the URL and a new filter starts again
 * on page 1.
 */
export function AgentFiltersForm({
  filters,
  capabilities,
}: {
  filters: AgentFilters;
  capabilities: string[];
}) {
  const router = useRouter();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = Object.fromEntries(
      ['status', 'kind', 'capability', 'search'].map((key) => [key, String(data.get(key) ?? '')]),
    );
    router.push(pageHref('/agents', 1, { query }));
  };
  const isFiltered = Boolean(
    filters.status || filters.kind || filters.capability || filters.search,
  );

  return (
    <form
      method="get"
      action="/agents"
      role="search"
      aria-label="Filter agents"
      onSubmit={onSubmit}
      className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(3,minmax(0,1fr))_auto] lg:items-end"
    >
      <div className="space-y-1.5">
        <label htmlFor="filter-search" className="block text-sm font-medium text-ink">
          Search
        </label>
        <input
          id="filter-search"
          name="search"
          type="search"
          defaultValue={filters.search ?? ''}
          placeholder="Name or display name"
          className={INPUT}
        />
      </div>
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
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {isFiltered ? (
          <Link href={'/agents' as Route} className={buttonClassName('secondary')}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}

function FilterSelect({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}) {
  const id = `filter-${name}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={INPUT}>
        <option value="">All</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The URL's capability stays selectable even when no live agent offers it any more. */
function withCurrent(names: string[], current: string | undefined): string[] {
  return current && !names.includes(current) ? [...names, current].sort() : names;
}
