import type { AttemptStatus, TaskStatus } from '../types';

/**
 * How each status is told apart without colour: a symbol in the UI, a tag in text exports, and a
 * border style, next to the colour token (app/globals.css) the UI uses. The legend renders this.
 */
export interface StatusCue {
  label: string;
  /** Shown on graph nodes and in the legend. */
  symbol: string;
  /** Pure-ASCII tag for the text traces. */
  ascii: string;
  border: 'solid' | 'dashed' | 'dotted' | 'double';
}

export const STATUS_CUES = {
  pending: { label: 'Pending', symbol: '○', ascii: '[ ]', border: 'dashed' },
  ready: { label: 'Ready', symbol: '◔', ascii: '[~]', border: 'dashed' },
  running: { label: 'Running', symbol: '▶', ascii: '[>]', border: 'solid' },
  retrying: { label: 'Retrying', symbol: '↻', ascii: '[r]', border: 'double' },
  succeeded: { label: 'Succeeded', symbol: '✓', ascii: '[ok]', border: 'solid' },
  failed: { label: 'Failed', symbol: '✕', ascii: '[x]', border: 'double' },
  cancelled: { label: 'Cancelled', symbol: '⊘', ascii: '[-]', border: 'dotted' },
  skipped: { label: 'Skipped', symbol: '↷', ascii: '[s]', border: 'dotted' },
} as const satisfies Record<TaskStatus | AttemptStatus, StatusCue>;

/** The legend's order: the life of a task. */
export const LEGEND_STATUSES = [
  'pending',
  'ready',
  'running',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
] as const satisfies readonly TaskStatus[];

/** A compact duration for node labels and traces: "850 ms", "12.3 s", "4m 05s", "2h 03m". */
export function formatSpan(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) {
    const minutes = Math.floor(ms / 60_000);
    return `${minutes}m ${String(Math.floor((ms % 60_000) / 1_000)).padStart(2, '0')}s`;
  }
  const hours = Math.floor(ms / 3_600_000);
  return `${hours}h ${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}
