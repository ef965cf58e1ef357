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

/**
 * The URL of page `target`. Page 1 leaves the page parameter out, so there is one canonical URL for
 * the first page; `query` (e.g. a list's filters) is kept on every page, blank values dropped.
 */
export function pageHref(
  basePath: string,
  target: number,
  options: { query?: Record<string, string | undefined>; pageParam?: string } = {},
): Route {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value) params.set(key, value);
  }
  if (target > 1) params.set(options.pageParam ?? 'page', String(target));
  const search = params.toString();
  return (search ? `${basePath}?${search}` : basePath) as Route;
}

/** Link-based, so it works without JavaScript and every page has a shareable URL. */
export function Pagination({
  basePath,
  page,
  pageSize,
  total,
  itemLabel,
  query,
  pageParam,
  label = 'Pagination',
}: {
  basePath: Route;
  page: number;
  pageSize: number;
  total: number;
  /** Plural noun for the summary, e.g. "agents". */
  itemLabel: string;
  /** Other search parameters to keep when paging (filters, a second list's page). */
  query?: Record<string, string | undefined>;
  /** The search parameter holding the page number; default `page`. */
  pageParam?: string;
  /** The navigation landmark's name, distinct when a page has several paginated lists. */
  label?: string;
}) {
  const pageCount = countPages(total, pageSize);
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const hrefFor = (target: number) => pageHref(basePath, target, { query, pageParam });

  return (
    <nav
      aria-label={label}
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
