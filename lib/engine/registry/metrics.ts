import { type Micros } from '../types';

/**
 * Routing metadata learned from real calls: how fast, how reliable and how expensive an agent is,
 * and whether it has room for another task. The fastest / most reliable / cheapest / least loaded
 * strategies read these numbers.
 */
export interface CallMetricsOptions {
  /**
   * Weight of the newest sample in the moving averages (latency and success rate), 0 < alpha ≤ 1.
   * 0.2 means the last ~10 calls carry about 90% of the weight. Default 0.2.
   */
  alpha: number;
}

export const DEFAULT_CALL_METRICS_OPTIONS: Readonly<CallMetricsOptions> = Object.freeze({
  alpha: 0.2,
});

export interface CallMetrics {
  /** EWMA of successful calls' latency; null before the first success. */
  ewmaLatencyMs: number | null;
  /** EWMA of outcomes (1 success, 0 failure), 0..1; null before the first call. */
  successRate: number | null;
  totalCalls: number;
  failedCalls: number;
  /** Calls whose cost is known, and their total: the average ignores calls with unknown cost. */
  costedCalls: number;
  totalCostMicros: Micros;
}

export const EMPTY_CALL_METRICS: Readonly<CallMetrics> = Object.freeze({
  ewmaLatencyMs: null,
  successRate: null,
  totalCalls: 0,
  failedCalls: 0,
  costedCalls: 0,
  totalCostMicros: 0n,
});

export interface CallSample {
  ok: boolean;
  latencyMs: number;
  /** What the call cost; null when unknown (not the same as free). */
  costMicros: Micros | null;
}

/**
 * Exponentially weighted moving average. The first sample initializes it, so a new agent's average
 * is its real latency rather than a drift up from 0.
 */
export function updateEwma(
  previous: number | null,
  sample: number,
  alpha: number = DEFAULT_CALL_METRICS_OPTIONS.alpha,
): number {
  if (!(alpha > 0 && alpha <= 1))
    throw new RangeError(`EWMA alpha must be in (0, 1], got ${alpha}.`);
  if (previous === null) return sample;
  return alpha * sample + (1 - alpha) * previous;
}

/**
 * Adds one finished call. Failed calls update the success rate but not the latency: a call refused in
 * 2 ms would otherwise make a broken agent look like the fastest one.
 */
export function recordCall(
  metrics: CallMetrics,
  call: CallSample,
  options: CallMetricsOptions = DEFAULT_CALL_METRICS_OPTIONS,
): CallMetrics {
  const { alpha } = options;
  const hasCost = call.costMicros !== null;
  return {
    ewmaLatencyMs: call.ok
      ? updateEwma(metrics.ewmaLatencyMs, call.latencyMs, alpha)
      : metrics.ewmaLatencyMs,
    successRate: updateEwma(metrics.successRate, call.ok ? 1 : 0, alpha),
    totalCalls: metrics.totalCalls + 1,
    failedCalls: metrics.failedCalls + (call.ok ? 0 : 1),
    costedCalls: metrics.costedCalls + (hasCost ? 1 : 0),
    totalCostMicros: metrics.totalCostMicros + (call.costMicros ?? 0n),
  };
}

/**
 * Mean cost of a call with known cost, rounded down to whole micro-dollars; null when no call has a
 * known cost yet. Failed calls are included: a failure still costs whatever the provider billed.
 */
export function averageCostPerCall(metrics: CallMetrics): Micros | null {
  if (metrics.costedCalls === 0) return null;
  return metrics.totalCostMicros / BigInt(metrics.costedCalls);
}

/** Whether the agent can take one more task without exceeding `maxConcurrentTasks`. */
export function hasCapacity(inFlight: number, maxConcurrentTasks: number): boolean {
  return inFlight < maxConcurrentTasks;
}

/** Share of the agent's concurrency in use (0 = idle, ≥ 1 = full), for least-loaded routing. */
export function loadRatio(inFlight: number, maxConcurrentTasks: number): number {
  if (maxConcurrentTasks <= 0) return Number.POSITIVE_INFINITY;
  return inFlight / maxConcurrentTasks;
}
