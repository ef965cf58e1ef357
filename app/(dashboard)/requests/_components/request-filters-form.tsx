'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button, buttonClassName } from '@/components/ui/button';
import { pageHref } from '@/components/ui/pagination';
import type { RequestFilters } from '@/lib/db/repositories/requests';
import { REQUEST_STATUSES } from '@/lib/engine';
import { humanize } from '@/lib/format';
import { STRATEGY_OPTIONS } from './strategy-options';

const INPUT =
  'block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500';

/**
 * A GET form: the filters live in the URL, so a filtered view can be shared and works without
 * JavaScript. With JavaScript, blank filters are left out of the URL and a new filter starts again
 * on page 1.
 */
export function RequestFiltersForm({ filters }: { filters: RequestFilters }) {
  const router = useRouter();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = Object.fromEntries(
      ['status', 'strategy', 'q'].map((key) => [key, String(data.get(key) ?? '').trim()]),
    );
    router.push(pageHref('/requests', 1, { query }));
  };
  const isFiltered = Boolean(filters.status || filters.strategy || filters.q);

  return (
    <form
      method="get"
      action="/requests"
      role="search"
      aria-label="Filter requests"
      onSubmit={onSubmit}
      className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_repeat(2,minmax(0,1fr))_auto] lg:items-end"
    >
      <div className="space-y-1.5">
        <label htmlFor="filter-q" className="block text-sm font-medium text-ink">
          Search
        </label>
        <input
          id="filter-q"
          name="q"
          type="search"
          maxLength={200}
          defaultValue={filters.q ?? ''}
          placeholder="Words in the request"
          className={INPUT}
        />
      </div>
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
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {isFiltered ? (
          <Link href={'/requests' as Route} className={buttonClassName('secondary')}>
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
  options: readonly { value: string; label: string }[];
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
