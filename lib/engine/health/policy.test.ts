import { describe, expect, it } from 'vitest';
import { transition } from '../status/transitions';
import { type Actor, type AgentStatus } from '../types';
import {
  DEFAULT_HEALTH_POLICY,
  evaluateHealthCheck,
  resolveHealthPolicy,
  type HealthCheckResult,
  type HealthState,
  type HealthTransition,
} from './policy';

const ok = (latencyMs = 100): HealthCheckResult => ({ ok: true, latencyMs });
const fail = (error = 'connection refused'): HealthCheckResult => ({
  ok: false,
  latencyMs: null,
  error,
});
const repeat = (check: HealthCheckResult, times: number) =>
  Array.from({ length: times }, () => check);

function initial(status: AgentStatus, extra: Partial<HealthState> = {}): HealthState {
  return {
    status,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    recent: [],
    autoRecover: false,
    ...extra,
  };
}

/**
 * Feeds checks one by one the way the monitor would: persists counters, and applies each transition
 * through the status machine (which must accept it) with actor health_check.
 */
function run(start: HealthState, checks: readonly HealthCheckResult[]) {
  let state = start;
  const log: (HealthTransition & { afterCheck: number })[] = [];
  checks.forEach((check, index) => {
    const { counters, transitions } = evaluateHealthCheck(state, check);
    let { status, statusActor } = state;
    for (const step of transitions) {
      expect(step.from).toBe(status);
      const applied = transition(status, {
        to: step.to,
        reason: step.reason,
        actor: 'health_check',
        inFlight: 0,
      });
      expect(applied.ok, `${step.from} → ${step.to} must be legal`).toBe(true);
      status = step.to;
      statusActor = 'health_check' satisfies Actor;
      log.push({ ...step, afterCheck: index + 1 });
    }
    state = { ...state, ...counters, status, statusActor };
  });
  return { state, log };
}

describe('evaluateHealthCheck: failing', () => {
  it('fails an ACTIVE agent after 3 consecutive failed checks, quoting the last error', () => {
    const { log } = run(initial('ACTIVE', { recent: repeat(ok(), 10) }), repeat(fail(), 3));
    expect(log).toEqual([
      {
        from: 'ACTIVE',
        to: 'FAILED',
        reason: '3 consecutive health checks failed: connection refused',
        afterCheck: 3,
      },
    ]);
  });

  it('does not fail on 2 failures separated by a success', () => {
    const { state, log } = run(initial('ACTIVE', { recent: repeat(ok(), 10) }), [
      fail(),
      fail(),
      ok(),
      fail(),
      fail(),
    ]);
    expect(log).toEqual([]);
    expect(state.consecutiveFailures).toBe(2);
  });

  it('fails a DEGRADED agent the same way, and a failed check never announces recovery', () => {
    const { log } = run(
      initial('DEGRADED', { recent: repeat(ok(), 10) }),
      repeat(fail('timeout'), 3),
    );
    expect(log.map((t) => [t.to, t.reason])).toEqual([
      ['FAILED', '3 consecutive health checks failed: timeout'],
    ]);
  });

  it('respects a custom failureThreshold', () => {
    const policy = resolveHealthPolicy({ failureThreshold: 5 });
    let state = initial('ACTIVE', { consecutiveFailures: 3, recent: repeat(ok(), 10) });
    const fourth = evaluateHealthCheck(state, fail(), policy);
    expect(fourth.transitions).toEqual([]);
    state = { ...state, ...fourth.counters };
    expect(evaluateHealthCheck(state, fail(), policy).transitions[0]?.to).toBe('FAILED');
  });
});

describe('evaluateHealthCheck: degraded', () => {
  it('degrades at a 50% error rate over the window of 10', () => {
    // 6 ok, then ok/fail alternating: never 3 in a row, error rate climbs to 5 of 10.
    const pattern = [...repeat(ok(), 6), fail(), ok(), fail(), ok(), fail(), ok(), fail(), ok()];
    const start = initial('ACTIVE');
    const { log } = run(start, [...pattern, fail(), ok()]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      from: 'ACTIVE',
      to: 'DEGRADED',
      reason: '5 of the last 10 health checks failed (50%, threshold 50%)',
    });
  });

  it('stays ACTIVE at 4 of 10 failed', () => {
    const { log } = run(initial('ACTIVE'), [
      ...repeat(ok(), 6),
      fail(),
      ok(),
      fail(),
      fail(),
      ok(),
      fail(),
    ]);
    expect(log).toEqual([]);
  });

  it('degrades when the median latency of the window exceeds 5000 ms', () => {
    const { log } = run(initial('ACTIVE', { recent: repeat(ok(200), 10) }), repeat(ok(7000), 6));
    expect(log).toEqual([
      {
        from: 'ACTIVE',
        to: 'DEGRADED',
        reason: 'Median health-check latency 7000 ms over the last 10 checks exceeds 5000 ms',
        afterCheck: 6,
      },
    ]);
  });

  it('ignores a single slow probe (median, not mean)', () => {
    const { log } = run(initial('ACTIVE', { recent: repeat(ok(200), 10) }), [ok(60_000)]);
    expect(log).toEqual([]);
  });

  it('judges nothing before the window holds minSamples checks', () => {
    const { log } = run(initial('ACTIVE'), [fail(), fail(), ok(9000), ok(9000)]);
    expect(log).toEqual([]);
  });
});

describe('evaluateHealthCheck: recovery with hysteresis', () => {
  const degradedWindow = [
    ...repeat(fail(), 2),
    ok(),
    ...repeat(fail(), 2),
    ok(),
    fail(),
    ...repeat(ok(), 3),
  ];

  it('returns to ACTIVE only once the error rate is below half the threshold', () => {
    // Window starts at 5/10 failed; each ok pushes out the oldest check.
    const { log } = run(initial('DEGRADED', { recent: degradedWindow }), repeat(ok(), 6));
    expect(log).toHaveLength(1);
    // Failed checks in the window: 4, 4, 3 (30%: still DEGRADED), then 2 (20% < 25%): recovered.
    expect(log[0]).toEqual({
      from: 'DEGRADED',
      to: 'ACTIVE',
      reason: 'Health recovered: 2 of the last 10 checks failed, median latency 100 ms',
      afterCheck: 4,
    });
  });

  it('stays DEGRADED inside the hysteresis band (error rate 30%, below 50% but not below 25%)', () => {
    const { log } = run(
      initial('DEGRADED', { recent: [...repeat(fail(), 3), ...repeat(ok(), 6)] }),
      [ok()],
    );
    expect(log).toEqual([]);
  });

  it('needs latency below 80% of the threshold to recover from slowness', () => {
    const slowWindow = repeat(ok(7000), 10);
    const at4500 = run(initial('DEGRADED', { recent: slowWindow }), repeat(ok(4500), 10));
    expect(at4500.log).toEqual([]);
    const at3900 = run(initial('DEGRADED', { recent: slowWindow }), repeat(ok(3900), 6));
    expect(at3900.log.map((t) => [t.to, t.afterCheck])).toEqual([['ACTIVE', 6]]);
  });
});

describe('evaluateHealthCheck: FAILED and auto-recovery', () => {
  const failed = (autoRecover: boolean) =>
    initial('FAILED', { autoRecover, consecutiveFailures: 3, recent: repeat(fail(), 10) });

  it('keeps a FAILED agent FAILED without autoRecover, however healthy it looks', () => {
    const { state, log } = run(failed(false), repeat(ok(), 20));
    expect(log).toEqual([]);
    expect(state.status).toBe('FAILED');
    expect(state.consecutiveSuccesses).toBe(20);
  });

  it('with autoRecover: FAILED → MAINTENANCE after 3 good checks, → ACTIVE after 3 more', () => {
    const { log, state } = run(failed(true), repeat(ok(), 8));
    expect(log.map((t) => [t.from, t.to, t.afterCheck])).toEqual([
      ['FAILED', 'MAINTENANCE', 3],
      ['MAINTENANCE', 'ACTIVE', 6],
    ]);
    expect(log[0]!.reason).toContain('3 consecutive health checks passed');
    expect(log[1]!.reason).toContain('Auto-recovery complete');
    expect(state.status).toBe('ACTIVE');
  });

  it('goes back to FAILED when a check fails during the observation period', () => {
    const { log } = run(failed(true), [...repeat(ok(), 4), fail('HTTP 503')]);
    expect(log.map((t) => [t.to, t.reason])).toEqual([
      ['MAINTENANCE', expect.stringContaining('Auto-recovery')],
      ['FAILED', 'Auto-recovery aborted, health check failed: HTTP 503'],
    ]);
  });

  it('a failed check resets the run of good checks', () => {
    const { log } = run(failed(true), [ok(), ok(), fail(), ok(), ok()]);
    expect(log).toEqual([]);
  });
});

describe("evaluateHealthCheck: an operator's status is never overridden", () => {
  it.each([
    ['MAINTENANCE', 'user:alice'],
    ['MAINTENANCE', undefined],
    ['DRAINING', 'user:alice'],
    ['INACTIVE', 'token:ci'],
  ] as const)('%s set by %s stays put through failures and successes', (status, actor) => {
    const start = initial(status, { autoRecover: true, statusActor: actor });
    const { state, log } = run(start, [
      ...repeat(fail(), 10),
      ...repeat(ok(9000), 10),
      ...repeat(ok(), 10),
    ]);
    expect(log).toEqual([]);
    expect(state.status).toBe(status);
    expect(state.consecutiveSuccesses).toBe(20);
  });
});

describe('counters and policy', () => {
  it('keeps the window at windowSize, oldest first', () => {
    const checks = Array.from({ length: 12 }, (_, index) => ok(index));
    const { state } = run(initial('ACTIVE'), checks);
    expect(state.recent.map((check) => check.latencyMs)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('documents its defaults', () => {
    expect(DEFAULT_HEALTH_POLICY).toEqual({
      failureThreshold: 3,
      windowSize: 10,
      minSamples: 5,
      degradedErrorRate: 0.5,
      degradedLatencyMs: 5000,
      recoveryErrorRateRatio: 0.5,
      recoveryLatencyRatio: 0.8,
      recoveryThreshold: 3,
    });
  });

  it.each([
    { failureThreshold: 0 },
    { windowSize: 2.5 },
    { minSamples: 11 },
    { degradedErrorRate: 1.5 },
    { degradedLatencyMs: 0 },
  ])('rejects the nonsensical policy %j', (overrides) => {
    expect(() => resolveHealthPolicy(overrides)).toThrow(RangeError);
  });
});
