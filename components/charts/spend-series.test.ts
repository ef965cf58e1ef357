import { describe, expect, it } from 'vitest';
import { buildSpendSeries } from './spend-series';

describe('buildSpendSeries', () => {
  it('labels each day and keeps the exact amount as text', () => {
    const series = buildSpendSeries([
      { day: '2026-01-04', amount: 0n },
      { day: '2026-01-05', amount: 1_234_567n },
    ]);
    expect(series).toEqual([
      { day: '2026-01-04', label: 'Sun, Jan 4', dollars: 0, formatted: '$0.00' },
      { day: '2026-01-05', label: 'Mon, Jan 5', dollars: 1.234567, formatted: '$1.234567' },
    ]);
  });

  it('produces only JSON-serializable values (bigint cannot reach a client component)', () => {
    const series = buildSpendSeries([{ day: '2026-01-05', amount: 5n }]);
    expect(() => JSON.stringify(series)).not.toThrow();
  });
});
