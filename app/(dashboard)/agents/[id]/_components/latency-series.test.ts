import { describe, expect, it } from 'vitest';
import { buildLatencySeries, summarizeLatency } from './latency-series';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 14, minute));

describe('buildLatencySeries', () => {
  const series = buildLatencySeries([
    // Newest first, as the repository returns them.
    { ok: false, latencyMs: null, error: 'timed out', createdAt: at(3) },
    { ok: false, latencyMs: 900, error: 'HTTP 503', createdAt: at(2) },
    { ok: true, latencyMs: 40, error: null, createdAt: at(1) },
    { ok: true, latencyMs: 60, error: null, createdAt: at(0) },
  ]);

  it('orders checks oldest first and marks the failed ones', () => {
    expect(series.map((p) => [p.label, p.latencyMs, p.failedMarkMs])).toEqual([
      ['14:00', 60, null],
      ['14:01', 40, null],
      ['14:02', 900, 900],
      // No answer at all: marked on the axis.
      ['14:03', null, 0],
    ]);
    expect(series[3]!.error).toBe('timed out');
  });

  it('summarizes counts and the median of passing checks', () => {
    expect(summarizeLatency(series)).toEqual({ checks: 4, failed: 2, medianMs: 50 });
    expect(summarizeLatency([])).toEqual({ checks: 0, failed: 0, medianMs: null });
  });
});
