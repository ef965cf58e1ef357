'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent, ReactNode } from 'react';
import { Button, buttonClassName } from './button';
import { cn } from './cn';
import { pageHref } from './pagination';

const INPUT =
  'block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500';

/**
 * A list's filters as a GET form: they live in the URL, so a filtered view can be shared and works
 * without JavaScript. With JavaScript, blank filters are left out of the URL and a new filter
 * starts again on page 1. Used by the agents and requests lists.
 */
export function FilterForm({
  path,
  label,
  keys,
  isFiltered,
  className,
  children,
}: {
  path: string;
  /** Accessible name, e.g. "Filter agents". */
  label: string;
  /** The query parameters the form's fields carry. */
  keys: readonly string[];
  isFiltered: boolean;
  /** Grid columns for the fields. */
  className: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = Object.fromEntries(keys.map((key) => [key, String(data.get(key) ?? '').trim()]));
    router.push(pageHref(path, 1, { query }));
  };
  return (
    <form
      method="get"
      action={path}
      role="search"
      aria-label={label}
      onSubmit={onSubmit}
      className={cn('mb-4 grid gap-3 sm:grid-cols-2 lg:items-end', className)}
    >
      {children}
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {isFiltered ? (
          <Link href={path as Route} className={buttonClassName('secondary')}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}

export function FilterSearch({
  name,
  value,
  placeholder,
  maxLength,
}: {
  name: string;
  value: string | undefined;
  placeholder: string;
  maxLength?: number;
}) {
  const id = `filter-${name}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        Search
      </label>
      <input
        id={id}
        name={name}
        type="search"
        maxLength={maxLength}
        defaultValue={value ?? ''}
        placeholder={placeholder}
        className={INPUT}
      />
    </div>
  );
}

export function FilterSelect({
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
