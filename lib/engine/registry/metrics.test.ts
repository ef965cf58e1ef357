import { describe, expect, it } from 'vitest';
import {
  EMPTY_CALL_METRICS,
  averageCostPerCall,
  hasCapacity,
  loadRatio,
  recordCall,
  updateEwma,
  type CallSample,
} from './metrics';

describe('updateEwma', () => {
  it('initializes from the first sample', () => {
    expect(updateEwma(null, 420)).toBe(420);
  });

  it('moves 20% of the way towards each new sample by default', () => {
    expect(updateEwma(100, 200)).toBeCloseTo(120);
    expect(updateEwma(120, 200)).toBeCloseTo(136);
  });

  it('uses the given alpha', () => {
    expect(updateEwma(100, 200, 0.5)).toBe(150);
    expect(updateEwma(100, 200, 1)).toBe(200);
  });

  it('converges on a steady value', () => {
    let value: number | null = 1000;
    for (let i = 0; i < 60; i += 1) value = updateEwma(value, 50);
    expect(value).toBeCloseTo(50, 2);
  });

  it.each([0, -0.1, 1.5, Number.NaN])('rejects alpha %s', (alpha) => {
    expect(() => updateEwma(1, 2, alpha)).toThrow(RangeError);
  });
});

describe('recordCall', () => {
  const call = (ok: boolean, latencyMs: number, costMicros: bigint | null = null): CallSample => ({
    ok,
    latencyMs,
    costMicros,
  });

  it('tracks latency of successful calls only', () => {
    let metrics = recordCall(EMPTY_CALL_METRICS, call(true, 1000));
    metrics = recordCall(metrics, call(false, 2));
    expect(metrics.ewmaLatencyMs).toBe(1000);
    metrics = recordCall(metrics, call(true, 2000));
    expect(metrics.ewmaLatencyMs).toBeCloseTo(1200);
  });

  it('keeps the success rate as an EWMA of 1s and 0s', () => {
    let metrics = recordCall(EMPTY_CALL_METRICS, call(true, 10));
    expect(metrics.successRate).toBe(1);
    metrics = recordCall(metrics, call(false, 10));
    expect(metrics.successRate).toBeCloseTo(0.8);
    metrics = recordCall(metrics, call(false, 10));
    expect(metrics.successRate).toBeCloseTo(0.64);
    expect(metrics).toMatchObject({ totalCalls: 3, failedCalls: 2 });
  });

  it('averages cost over calls with a known cost, in whole micro-dollars', () => {
    expect(averageCostPerCall(EMPTY_CALL_METRICS)).toBeNull();
    let metrics = recordCall(EMPTY_CALL_METRICS, call(true, 10, 1_000n));
    metrics = recordCall(metrics, call(false, 10, 2_001n));
    metrics = recordCall(metrics, call(true, 10, null));
    expect(metrics).toMatchObject({ costedCalls: 2, totalCostMicros: 3_001n });
    expect(averageCostPerCall(metrics)).toBe(1_500n);
  });
});

describe('capacity', () => {
  it('has capacity strictly below maxConcurrentTasks', () => {
    expect(hasCapacity(3, 4)).toBe(true);
    expect(hasCapacity(4, 4)).toBe(false);
    expect(hasCapacity(0, 0)).toBe(false);
  });

  it('reports load as a share of concurrency', () => {
    expect(loadRatio(1, 4)).toBe(0.25);
    expect(loadRatio(0, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
