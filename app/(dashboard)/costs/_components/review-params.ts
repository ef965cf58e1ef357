import { CostsReviewParamsSchema } from '@/lib/schemas/costs';
import type { SpendGranularity } from '@/lib/engine/budget/spend-buckets';

export type SearchParamValue = string | string[] | undefined;

export interface ReviewParams {
  stack: 'kind' | 'agent';
  granularity: SpendGranularity;
  /** UTC calendar days, both included (YYYY-MM-DD). */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
/** With no range in the URL the page shows the last 30 UTC days, today included. */
const DEFAULT_DAYS = 30;

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function defaultReviewParams(now: Date): ReviewParams {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    stack: 'kind',
    granularity: 'day',
    from: isoDay(today - (DEFAULT_DAYS - 1) * DAY_MS),
    to: isoDay(today),
  };
}

/**
 * The review's filters from the URL, validated with the shared schema. A bad value does not fail the
 * page: the errors name each parameter and the page shows the default view with them.
 */
export function parseReviewParams(
  raw: Partial<Record<string, SearchParamValue>>,
  now: Date,
): { params: ReviewParams; errors: { field: string; message: string }[] } {
  const first = (key: string) => {
    const value = raw[key];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    return text ? text : undefined;
  };
  const defaults = defaultReviewParams(now);
  const parsed = CostsReviewParamsSchema.safeParse({
    stack: first('stack'),
    granularity: first('granularity'),
    from: first('from'),
    to: first('to'),
  });
  if (!parsed.success) {
    return {
      params: defaults,
      errors: parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'query'),
        message: issue.message,
      })),
    };
  }
  const q = parsed.data;
  // One end given: keep the default 30-day span on the other side.
  const to =
    q.to ?? (q.from ? isoDay(Date.parse(q.from) + (DEFAULT_DAYS - 1) * DAY_MS) : defaults.to);
  const from = q.from ?? isoDay(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
  return { params: { stack: q.stack, granularity: q.granularity, from, to }, errors: [] };
}

/** The half-open instant window [from 00:00 UTC, the day after `to` 00:00 UTC). */
export function reviewWindow(params: ReviewParams) {
  return {
    from: new Date(`${params.from}T00:00:00.000Z`),
    to: new Date(Date.parse(params.to) + DAY_MS),
  };
}

export function reviewHref(params: ReviewParams, change: Partial<ReviewParams> = {}): string {
  const next = { ...params, ...change };
  return `/costs?${new URLSearchParams({ stack: next.stack, granularity: next.granularity, from: next.from, to: next.to })}`;
}

/** The CSV export of exactly the ledger rows in the page's range. */
export function csvHref(params: ReviewParams): string {
  const { from, to } = reviewWindow(params);
  return `/api/v1/costs.csv?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })}`;
}
