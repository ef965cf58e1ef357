import { describe, expect, it } from 'vitest';
import { activitySeries, hourTotals } from './activity-series';

const at = '2026-01-05T14:30:25.000Z';

describe('activitySeries', () => {
  it('gives 60 minutes ending at the current one, zero-filled, calls in their minute', () => {
    const series = activitySeries({
      at,
      lastHour: [
        { minute: '2026-01-05T14:30:00.000Z', status: 'succeeded', count: 4 },
        { minute: '2026-01-05T14:30:00.000Z', status: 'failed', count: 1 },
        { minute: '2026-01-05T13:31:00.000Z', status: 'succeeded', count: 2 },
        { minute: '2026-01-05T13:31:00.000Z', status: 'cancelled', count: 9 },
        { minute: '2026-01-05T12:00:00.000Z', status: 'succeeded', count: 100 },
      ],
    });
    expect(series).toHaveLength(60);
    expect(series[0]).toEqual({ label: '13:31', succeeded: 2, failed: 0 });
    expect(series.at(-1)).toEqual({ label: '14:30', succeeded: 4, failed: 1 });
    expect(series.slice(1, -1).every((p) => p.succeeded === 0 && p.failed === 0)).toBe(true);
  });
});

describe('hourTotals', () => {
  it('counts cancelled calls as finished but not in the error rate', () => {
    expect(
      hourTotals({
        lastHour: [
          { minute: at, status: 'succeeded', count: 3 },
          { minute: at, status: 'failed', count: 1 },
          { minute: at, status: 'cancelled', count: 2 },
        ],
      }),
    ).toEqual({ finished: 6, failed: 1, errorRate: 0.25, perMinute: 0.1 });
  });

  it('has no error rate without calls', () => {
    expect(hourTotals({ lastHour: [] }).errorRate).toBeNull();
  });
});
