import type { UserRole } from './roles';

/**
 * Who may call what. Every page and every /api/v1 route is listed here with the least role it
 * needs (or `public`). Route handlers and pages look their requirement up here, so the code cannot
 * disagree with the table, and lib/auth/access-matrix.int… tests enumerate app/ from the file system
 * and fail for any route or page missing from it.
 */
export type Access = UserRole | 'public';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Route patterns use Next's folder syntax: `/api/v1/agents/[id]`. */
export const API_ACCESS: Record<string, Partial<Record<HttpMethod, Access>>> = {
  '/api/v1/health': { GET: 'public' },
  '/api/v1/me': { GET: 'viewer' },
  '/api/v1/tokens': { GET: 'admin', POST: 'admin' },
  '/api/v1/tokens/[id]': { DELETE: 'admin' },
};

/** Pages by route pattern (route groups removed). */
export const PAGE_ACCESS: Record<string, Access> = {
  '/sign-in': 'public',
  '/setup': 'public',
  '/': 'viewer',
  '/agents': 'viewer',
  '/requests': 'viewer',
  '/costs': 'viewer',
  '/settings': 'viewer',
  '/settings/users': 'admin',
  '/settings/tokens': 'admin',
  '/settings/audit': 'admin',
};

export const MUTATING_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function apiAccessFor(route: string, method: HttpMethod): Access {
  const access = API_ACCESS[route]?.[method];
  if (!access) {
    throw new Error(`${method} ${route} is not in API_ACCESS (lib/auth/access-matrix.ts): add it.`);
  }
  return access;
}

export function pageAccessFor(route: string): Access {
  const access = PAGE_ACCESS[route];
  if (!access)
    throw new Error(`Page ${route} is not in PAGE_ACCESS (lib/auth/access-matrix.ts): add it.`);
  return access;
}
