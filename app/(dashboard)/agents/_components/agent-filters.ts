import type { AgentFilters } from '@/lib/db/repositories/agents';
import { ListAgentsQuerySchema } from '@/lib/schemas/agents';

export type SearchParamValue = string | string[] | undefined;

const FILTER_KEYS = ['status', 'kind', 'capability', 'search'] as const;
export type AgentFilterKey = (typeof FILTER_KEYS)[number];

/**
 * The agents table's filters from its URL (`?status=&kind=&capability=&search=`), read with the
 * REST list's schema. A value that does not parse — a hand-edited `?status=SLEEPING`, or the blank
 * "All" of the filter form — is ignored rather than failing the page.
 */
export function parseAgentFilters(params: Partial<Record<string, SearchParamValue>>): AgentFilters {
  const filters: AgentFilters = {};
  for (const key of FILTER_KEYS) {
    const raw = params[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!value) continue;
    const parsed = ListAgentsQuerySchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data) Object.assign(filters, { [key]: parsed.data });
  }
  return filters;
}

/** The filters as search parameters, for links that must keep them (pagination). */
export function filterQuery(filters: AgentFilters): Record<AgentFilterKey, string | undefined> {
  return {
    status: filters.status,
    kind: filters.kind,
    capability: filters.capability,
    search: filters.search,
  };
}

export function hasFilters(filters: AgentFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}
