import type { Route } from 'next';
import { parsePageParam, pageHref } from '@/components/ui/pagination';
import { UptimeQuerySchema } from '@/lib/schemas/agents';

export type UptimeWindow = '24h' | '7d' | '30d';
export const UPTIME_WINDOW_OPTIONS: readonly UptimeWindow[] = ['24h', '7d', '30d'];

export const UPTIME_WINDOW_LABELS = {
  '24h': '24 h',
  '7d': '7 days',
  '30d': '30 days',
} as const satisfies Record<UptimeWindow, string>;

export interface AgentPageParams {
  window: UptimeWindow;
  historyPage: number;
}

type SearchParamValue = string | string[] | undefined;

/** `?window=24h|7d|30d&historyPage=N`; anything else falls back to 24h and page 1. */
export function parseAgentPageParams(params: {
  window?: SearchParamValue;
  historyPage?: SearchParamValue;
}): AgentPageParams {
  const raw = Array.isArray(params.window) ? params.window[0] : params.window;
  const parsed = UptimeQuerySchema.safeParse({ window: raw || undefined });
  return {
    window: parsed.success ? parsed.data.window : '24h',
    historyPage: parsePageParam(params.historyPage),
  };
}

/** The agent page's URL; default values are left out so each view has one canonical URL. */
export function agentPageHref(id: string, params: Partial<AgentPageParams> = {}): Route {
  return pageHref(`/agents/${id}`, params.historyPage ?? 1, {
    pageParam: 'historyPage',
    query: { window: params.window && params.window !== '24h' ? params.window : undefined },
  });
}
