import { describe, expect, it } from 'vitest';
import { buildUptimeSeries, uptimeTone } from './uptime-series';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 5, 13);

describe('buildUptimeSeries', () => {
  it('labels hourly buckets by hour and keeps gaps where nothing counts', () => {
    const series = buildUptimeSeries(
      [
        { from: START, to: START + HOUR, uptimeRatio: 1 },
        { from: START + HOUR, to: START + 2 * HOUR, uptimeRatio: 0.5 },
        { from: START + 2 * HOUR, to: START + 3 * HOUR, uptimeRatio: null },
      ],
      '24h',
    );
    expect(series.map((p) => [p.label, p.percent, p.text])).toEqual([
      ['13:00', 100, '100%'],
      ['14:00', 50, '50.0%'],
      ['15:00', null, 'No data'],
    ]);
    expect(series[0]!.range).toBe('2026-01-05 13:00 UTC – 2026-01-05 14:00 UTC');
  });

  it('labels daily buckets by day', () => {
    const [point] = buildUptimeSeries(
      [{ from: START, to: START + 24 * HOUR, uptimeRatio: 0.25 }],
      '7d',
    );
    expect(point).toMatchObject({ label: 'Jan 5', percent: 25 });
  });
});

describe('uptimeTone', () => {
  it.each([
    [1, 'up'],
    [0.99, 'partial'],
    [0.5, 'partial'],
    [0.49, 'down'],
    [0, 'down'],
    [null, 'none'],
  ] as const)('colours %j as %s', (ratio, tone) => {
    expect(uptimeTone(ratio)).toBe(tone);
  });
});
