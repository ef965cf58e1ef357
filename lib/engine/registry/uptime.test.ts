import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { AGENT_STATUSES } from '../types';
import { bucketUptime, computeUptime, type StatusChange } from './uptime';

const H = 3_600_000;
const D = 24 * H;

/** A clock at the reference time, and an agent registered long ago unless told otherwise. */
function setup() {
  const clock = new FakeClock();
  const now = clock.now();
  return { clock, now, longAgo: now - 90 * D };
}

describe('computeUptime', () => {
  it('is 100% for an agent ACTIVE throughout, with no transition inside the window', () => {
    const { now, longAgo } = setup();
    const report = computeUptime([{ to: 'ACTIVE', at: longAgo }], '24h', now, longAgo);
    expect(report).toMatchObject({ window: '24h', uptimeRatio: 1, upMs: D, downMs: 0 });
    expect(report.segments).toEqual([{ status: 'ACTIVE', from: now - D, to: now }]);
  });

  it('counts FAILED time as down', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'FAILED', at: now - 10 * H },
      { to: 'MAINTENANCE', at: now - 4 * H },
    ];
    const report = computeUptime(history, '24h', now, longAgo);
    expect(report).toMatchObject({ upMs: 14 * H, downMs: 6 * H, maintenanceMs: 4 * H });
    expect(report.uptimeRatio).toBeCloseTo(14 / 20);
  });

  it('counts DEGRADED as up and INACTIVE as down', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'DEGRADED', at: longAgo },
      { to: 'INACTIVE', at: now - 6 * H },
    ];
    expect(computeUptime(history, '24h', now, longAgo).uptimeRatio).toBeCloseTo(18 / 24);
  });

  it('leaves MAINTENANCE and DRAINING out of the ratio (planned downtime)', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'DRAINING', at: now - 8 * H },
      { to: 'MAINTENANCE', at: now - 7 * H },
      { to: 'ACTIVE', at: now - 2 * H },
    ];
    const report = computeUptime(history, '24h', now, longAgo);
    expect(report).toMatchObject({ uptimeRatio: 1, upMs: 18 * H, downMs: 0, maintenanceMs: 6 * H });
    expect(report.byStatus).toMatchObject({ DRAINING: H, MAINTENANCE: 5 * H, ACTIVE: 18 * H });
  });

  it('does not count time before registration (agent registered mid-window)', () => {
    const { now } = setup();
    const registeredAt = now - 10 * H;
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: registeredAt },
      { to: 'FAILED', at: now - 5 * H },
    ];
    const report = computeUptime(history, '24h', now, registeredAt);
    expect(report).toMatchObject({ uptimeRatio: 0.5, upMs: 5 * H, downMs: 5 * H });
    expect(report.segments[0]).toEqual({ status: 'ACTIVE', from: registeredAt, to: now - 5 * H });
  });

  it('uses a transition exactly at the window start as the status from the start', () => {
    const { now, longAgo } = setup();
    const start = now - D;
    const backUp = [
      { to: 'FAILED', at: longAgo },
      { to: 'ACTIVE', at: start },
    ] satisfies StatusChange[];
    expect(computeUptime(backUp, '24h', now, longAgo).uptimeRatio).toBe(1);
    const wentDown = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'FAILED', at: start },
    ] satisfies StatusChange[];
    expect(computeUptime(wentDown, '24h', now, longAgo)).toMatchObject({
      uptimeRatio: 0,
      downMs: D,
    });
  });

  it('carries the last status before the window through a window with no transitions', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'FAILED', at: now - 40 * D },
    ];
    for (const window of ['24h', '7d', '30d'] as const) {
      expect(computeUptime(history, window, now, longAgo).uptimeRatio).toBe(0);
    }
  });

  it('computes 7d and 30d windows', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'FAILED', at: now - 3 * D },
      { to: 'MAINTENANCE', at: now - 2 * D },
      { to: 'ACTIVE', at: now - 2 * D + 2 * H },
    ];
    expect(computeUptime(history, '7d', now, longAgo).uptimeRatio).toBeCloseTo(
      (7 * D - D - 2 * H) / (7 * D - 2 * H),
    );
    expect(computeUptime(history, '30d', now, longAgo).uptimeRatio).toBeCloseTo(
      (30 * D - D - 2 * H) / (30 * D - 2 * H),
    );
  });

  it('only counts the days since registration in a 30d window', () => {
    const { now } = setup();
    const registeredAt = now - 10 * D;
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: registeredAt },
      { to: 'FAILED', at: now - D },
    ];
    const report = computeUptime(history, '30d', now, registeredAt);
    expect(report).toMatchObject({ upMs: 9 * D, downMs: D, uptimeRatio: 0.9 });
  });

  it('is null when the agent did not exist in the window', () => {
    const { now } = setup();
    const report = computeUptime([], '24h', now, now + H);
    expect(report).toMatchObject({ uptimeRatio: null, upMs: 0, downMs: 0, segments: [] });
    expect(computeUptime([], '24h', now, now).uptimeRatio).toBeNull();
  });

  it('is null when the agent spent the whole window in maintenance', () => {
    const { now, longAgo } = setup();
    const report = computeUptime([{ to: 'MAINTENANCE', at: longAgo }], '24h', now, longAgo);
    expect(report).toMatchObject({ uptimeRatio: null, maintenanceMs: D });
  });

  it('assumes ACTIVE before the first recorded transition, or the given initial status', () => {
    const { now } = setup();
    const registeredAt = now - 4 * H;
    const history: StatusChange[] = [{ to: 'FAILED', at: now - H }];
    expect(computeUptime(history, '24h', now, registeredAt).uptimeRatio).toBeCloseTo(0.75);
    const fromInactive = computeUptime(history, '24h', now, registeredAt, {
      initialStatus: 'INACTIVE',
    });
    expect(fromInactive.uptimeRatio).toBe(0);
  });

  it('ignores transitions after now and sorts an unsorted history', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'FAILED', at: now - 6 * H },
      { to: 'ACTIVE', at: longAgo },
      { to: 'FAILED', at: now + H },
    ];
    expect(computeUptime(history, '24h', now, longAgo).uptimeRatio).toBeCloseTo(18 / 24);
  });

  it('accounts for every millisecond since registration exactly once', () => {
    const { now } = setup();
    const registeredAt = now - 30 * H;
    const history: StatusChange[] = AGENT_STATUSES.map((to, index) => ({
      to,
      at: registeredAt + index * 3 * H + 17,
    }));
    const report = computeUptime(history, '24h', now, registeredAt);
    const total = Object.values(report.byStatus).reduce((sum, ms) => sum + ms, 0);
    expect(total).toBe(D);
    expect(report.upMs + report.downMs + report.maintenanceMs).toBe(D);
    const lengths = report.segments.map((segment) => segment.to - segment.from);
    expect(lengths.reduce((sum, ms) => sum + ms, 0)).toBe(D);
  });

  it('merges consecutive spans of the same status', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'ACTIVE', at: now - 3 * H },
    ];
    expect(computeUptime(history, '24h', now, longAgo).segments).toHaveLength(1);
  });
});

describe('bucketUptime', () => {
  it('cuts 24h into 24 hourly buckets, oldest first', () => {
    const { now, longAgo } = setup();
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: longAgo },
      { to: 'FAILED', at: now - 3 * H },
      { to: 'ACTIVE', at: now - H - 30 * 60_000 },
    ];
    const buckets = bucketUptime(history, '24h', now, longAgo);
    expect(buckets).toHaveLength(24);
    expect(buckets[0]).toMatchObject({ from: now - D, to: now - 23 * H, uptimeRatio: 1 });
    expect(buckets.map((bucket) => bucket.uptimeRatio).slice(-4)).toEqual([1, 0, 0.5, 1]);
  });

  it('uses 7 and 30 daily buckets by default', () => {
    const { now, longAgo } = setup();
    expect(bucketUptime([], '7d', now, longAgo)).toHaveLength(7);
    expect(bucketUptime([], '30d', now, longAgo)).toHaveLength(30);
  });

  it('reports null for buckets before registration and partial buckets correctly', () => {
    const { now } = setup();
    const registeredAt = now - 2 * D - 12 * H;
    const history: StatusChange[] = [
      { to: 'ACTIVE', at: registeredAt },
      { to: 'FAILED', at: now - 2 * D - 6 * H },
      { to: 'ACTIVE', at: now - 2 * D },
    ];
    const ratios = bucketUptime(history, '7d', now, registeredAt).map((b) => b.uptimeRatio);
    expect(ratios).toEqual([null, null, null, null, 0.5, 1, 1]);
  });

  it('accepts a custom bucket count and rejects nonsense', () => {
    const { now, longAgo } = setup();
    const buckets = bucketUptime([], '24h', now, longAgo, { buckets: 7 });
    expect(buckets).toHaveLength(7);
    expect(buckets.at(-1)?.to).toBe(now);
    expect(buckets.reduce((sum, bucket) => sum + bucket.upMs, 0)).toBe(D);
    expect(() => bucketUptime([], '24h', now, longAgo, { buckets: 0 })).toThrow(RangeError);
  });
});
