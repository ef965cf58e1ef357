import type { AgentKind } from '@/lib/engine';
import { formatDuration } from '@/lib/format';

/** Labels shared by the agents pages. */
export const KIND_LABELS = {
  a2a: 'A2A',
  openai: 'OpenAI-compatible',
  webhook: 'Webhook',
  builtin: 'Builtin',
  mcp: 'MCP server',
} as const satisfies Record<AgentKind, string>;

/** For the agents table, where width is scarce. */
export const KIND_SHORT_LABELS = {
  a2a: 'A2A',
  openai: 'OpenAI',
  webhook: 'Webhook',
  builtin: 'Builtin',
  mcp: 'MCP',
} as const satisfies Record<AgentKind, string>;

/**
 * An uptime or success ratio as a percentage. Rounded down, so "100%" means no downtime at all and
 * a few bad minutes never display as perfect; null (nothing to count) is an em dash.
 */
export function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  if (ratio >= 1) return '100%';
  return `${(Math.floor(Math.max(0, ratio) * 1000) / 10).toFixed(1)}%`;
}

/** "120 ms", "2.4 s"; an em dash before the first measurement. */
export function formatLatency(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}
