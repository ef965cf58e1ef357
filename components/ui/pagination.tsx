import type { Route } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { countPages } from '@/lib/db/repositories/pagination';
import { formatCount } from '@/lib/format';
import { buttonClassName } from './button';
import { cn } from './cn';

/**
 * `?page=N` is this component's URL contract, so parsing it lives here too. Anything that is not a
 * whole number ≥ 1 (missing, "abc", "0", "-3", "2.5", repeated) means page 1; pages past the end are
 * clamped by the repository, which knows the total.
 */
const PageParamSchema = z.coerce.number().int().min(1).catch(1);

export function parsePageParam(value: string | string[] | undefined): number {
  return PageParamSchema.parse(Array.isArray(value) ? value[0] : value);
}

/** Link-based, so it works without JavaScript and every page has a shareable URL. */
export function Pagination({
  basePath,
  page,
  pageSize,
  total,
  itemLabel,
}: {
  basePath: Route;
  page: number;
  pageSize: number;
  total: number;
  /** Plural noun for the summary, e.g. "agents". */
  itemLabel: string;
}) {
  const pageCount = countPages(total, pageSize);
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  // Page 1 links to the bare path so there is one canonical URL for the first page.
  const hrefFor = (target: number) =>
    (target === 1 ? basePath : `${basePath}?page=${target}`) as Route;

  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 border-t border-line px-5 py-3 text-sm text-ink-muted"
    >
      <p>
        Showing {formatCount(first)}–{formatCount(last)} of {formatCount(total)} {itemLabel}
      </p>
      <div className="flex items-center gap-3">
        <PageLink href={page > 1 ? hrefFor(page - 1) : null} label="Previous" />
        <p className="text-ink tabular-nums">
          Page {page} of {pageCount}
        </p>
        <PageLink href={page < pageCount ? hrefFor(page + 1) : null} label="Next" />
      </div>
    </nav>
  );
}

function PageLink({ href, label }: { href: Route | null; label: string }) {
  const className = buttonClassName('secondary', 'px-3 py-1.5');
  if (!href) {
    // Not a link at the ends: a disabled-looking label that keyboard users do not tab to.
    return (
      <span aria-disabled="true" className={cn(className, 'pointer-events-none opacity-50')}>
        {label}
      </span>
    );
  }
  return (
    <Link href={href} className={className} rel={label === 'Previous' ? 'prev' : 'next'}>
      {label}
    </Link>
  );
}
