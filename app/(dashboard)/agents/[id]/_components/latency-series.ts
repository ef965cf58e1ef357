import { formatDateTime } from '@/lib/format';

/** One health check on the latency chart, oldest first. */
export interface LatencyPoint {
  at: number;
  /** "14:03" (UTC). */
  label: string;
  /** For the tooltip: "2026-01-05 14:03 UTC". */
  time: string;
  ok: boolean;
  latencyMs: number | null;
  /**
   * Where to mark a failed check: its latency, or 0 when it got no answer to time (the marker then
   * sits on the axis). Null for checks that passed.
   */
  failedMarkMs: number | null;
  error: string | null;
}

export interface LatencySummary {
  checks: number;
  failed: number;
  /** Median latency of the passing checks; null without any. */
  medianMs: number | null;
}

/** The repository returns the newest check first; charts read left to right, oldest first. */
export function buildLatencySeries(
  checks: readonly {
    ok: boolean;
    latencyMs: number | null;
    error: string | null;
    createdAt: Date;
  }[],
): LatencyPoint[] {
  return [...checks]
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((check) => ({
      at: check.createdAt.getTime(),
      label: check.createdAt.toISOString().slice(11, 16),
      time: formatDateTime(check.createdAt),
      ok: check.ok,
      latencyMs: check.latencyMs,
      failedMarkMs: check.ok ? null : (check.latencyMs ?? 0),
      error: check.error,
    }));
}

export function summarizeLatency(points: readonly LatencyPoint[]): LatencySummary {
  const passing = points
    .filter((p) => p.ok && p.latencyMs !== null)
    .map((p) => p.latencyMs!)
    .sort((a, b) => a - b);
  const middle = Math.floor(passing.length / 2);
  const medianMs =
    passing.length === 0
      ? null
      : passing.length % 2
        ? passing[middle]!
        : (passing[middle - 1]! + passing[middle]!) / 2;
  return { checks: points.length, failed: points.filter((p) => !p.ok).length, medianMs };
}
