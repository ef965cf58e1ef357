/** Offset pagination shared by the list repositories. Pages are 1-based, as shown to operators. */

export interface PageRequest {
  /** 1-based; values below 1 or past the last page are clamped. */
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The page actually returned, after clamping. */
  page: number;
  pageSize: number;
}

/** Upper bound for `pageSize`, so a crafted query string cannot ask for the whole table. */
export const MAX_PAGE_SIZE = 100;

/** Number of pages for `total` rows; an empty list still has one (empty) page. */
export function countPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Clamps a requested page into [1, last page] so a stale `?page=9` link after deletions shows the
 * last page instead of an empty table.
 */
export function clampPage(page: number, total: number, pageSize: number): number {
  const whole = Number.isFinite(page) ? Math.floor(page) : 1;
  return Math.min(Math.max(1, whole), countPages(total, pageSize));
}

export function clampPageSize(pageSize: number): number {
  return Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
}
