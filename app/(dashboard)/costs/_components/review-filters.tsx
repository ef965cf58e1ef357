import Link from 'next/link';
import type { Route } from 'next';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { reviewHref, type ReviewParams } from './review-params';

const STACKS = [
  { value: 'kind', label: 'By kind' },
  { value: 'agent', label: 'By agent' },
] as const;
const GRANULARITIES = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
] as const;

function Toggle<T extends string>({
  label,
  options,
  current,
  hrefFor,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  current: T;
  hrefFor: (value: T) => string;
}) {
  return (
    <nav aria-label={label} className="flex items-center gap-2 text-sm">
      <span className="text-ink-muted">{label}</span>
      <span className="inline-flex overflow-hidden rounded-md border border-line">
        {options.map((option) => (
          <Link
            key={option.value}
            href={hrefFor(option.value) as Route}
            aria-current={option.value === current ? 'true' : undefined}
            className={cn(
              'px-3 py-1.5',
              option.value === current
                ? 'bg-accent-600 font-medium text-white'
                : 'bg-surface text-ink hover:bg-slate-50',
            )}
          >
            {option.label}
          </Link>
        ))}
      </span>
    </nav>
  );
}

/** The review's filters, all in the URL: links for the toggles, a GET form for the date range. */
export function ReviewFilters({ params }: { params: ReviewParams }) {
  return (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3 px-5 py-4">
      <Toggle
        label="Stack"
        options={STACKS}
        current={params.stack}
        hrefFor={(stack) => reviewHref(params, { stack })}
      />
      <Toggle
        label="Granularity"
        options={GRANULARITIES}
        current={params.granularity}
        hrefFor={(granularity) => reviewHref(params, { granularity })}
      />
      <form method="get" action="/costs" aria-label="Date range" className="flex items-end gap-2">
        <input type="hidden" name="stack" value={params.stack} />
        <input type="hidden" name="granularity" value={params.granularity} />
        <label className="text-sm">
          <span className="block text-ink-muted">From (UTC)</span>
          <input
            type="date"
            name="from"
            defaultValue={params.from}
            className="rounded-md border border-line bg-surface px-2 py-1.5 text-sm"
          />
        </label>
        <label className="text-sm">
          <span className="block text-ink-muted">To (UTC)</span>
          <input
            type="date"
            name="to"
            defaultValue={params.to}
            className="rounded-md border border-line bg-surface px-2 py-1.5 text-sm"
          />
        </label>
        <Button type="submit" variant="secondary">
          Apply
        </Button>
      </form>
    </div>
  );
}
