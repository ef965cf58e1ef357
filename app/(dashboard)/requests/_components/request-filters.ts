import type { RequestFilters } from '@/lib/db/repositories/requests';
import { RequestListQuerySchema } from '@/lib/schemas/requests';

export type SearchParamValue = string | string[] | undefined;

const FILTER_KEYS = ['status', 'strategy', 'q'] as const;
export type RequestFilterKey = (typeof FILTER_KEYS)[number];

/**
 * The requests table's filters from its URL (`?status=&strategy=&q=`), read with the REST list's
 * schema. A value that does not parse — a hand-edited `?status=sleeping`, or the blank "All" of the
 * filter form — is ignored rather than failing the page.
 */
export function parseRequestFilters(
  params: Partial<Record<string, SearchParamValue>>,
): RequestFilters {
  const filters: RequestFilters = {};
  for (const key of FILTER_KEYS) {
    const raw = params[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!value) continue;
    const parsed = RequestListQuerySchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data) Object.assign(filters, { [key]: parsed.data });
  }
  return filters;
}

/** The filters as search parameters, for links that must keep them (pagination). */
export function filterQuery(filters: RequestFilters): Record<RequestFilterKey, string | undefined> {
  return { status: filters.status, strategy: filters.strategy, q: filters.q };
}

export function hasFilters(filters: RequestFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}
