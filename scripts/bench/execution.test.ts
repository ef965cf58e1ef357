import { describe, expect, it } from 'vitest';
import {
  latencyStages,
  batchSizes,
  overheadStages,
  ratio,
  summarizeThroughput,
  tasksPerSecond,
} from './execution';

const T0 = Date.UTC(2026, 0, 1);

describe('latencyStages', () => {
  it('splits enqueue → agent into plan, queue pickup and claim + HTTP, which add up', () => {
    const stages = latencyStages([
      { submittedAt: T0, readyAt: T0 + 30, claimedAt: T0 + 37, receivedAt: T0 + 56 },
      { submittedAt: T0 + 1000, readyAt: T0 + 1020, claimedAt: T0 + 1025, receivedAt: T0 + 1040 },
    ]);
    expect(stages).toEqual({
      total: [56, 40],
      submitToReady: [30, 20],
      readyToReceived: [26, 20],
      readyToClaim: [7, 5],
      claimToReceived: [19, 15],
    });
  });
});

describe('overheadStages', () => {
  it('measures ready → succeeded from task.finished_at and the record tx from its commit', () => {
    const stages = overheadStages([
      {
        submittedAt: T0,
        readyAt: T0 + 30,
        claimedAt: T0 + 36,
        invokedAt: T0 + 53,
        finishedAt: T0 + 54,
        recordedAt: T0 + 75,
        requestFinishedAt: T0 + 110,
      },
    ]);
    expect(stages).toEqual({
      readyToFinished: [24],
      readyToClaim: [6],
      claimToInvoke: [17],
      invokeToRecorded: [22],
      readyToRecorded: [45],
      submitToRequestFinished: [110],
    });
  });
});

describe('tasksPerSecond', () => {
  it('divides the tasks by the wall time in seconds', () => {
    expect(tasksPerSecond(1000, T0, T0 + 80_000)).toBe(12.5);
  });

  it('is NaN for an empty or zero-length run rather than Infinity', () => {
    expect(tasksPerSecond(0, T0, T0 + 1000)).toBeNaN();
    expect(tasksPerSecond(10, T0, T0)).toBeNaN();
  });
});

describe('summarizeThroughput', () => {
  it('reports the median run and, as the tail, the slow runs', () => {
    const row = summarizeThroughput('throughput', [12, 10, 14, 11, 13], 'note');
    expect(row).toMatchObject({ unit: 'tasks/s', samples: 5, p50: 12, min: 10, max: 14 });
    expect(row.p90).toBeLessThan(row.p50);
    expect(row.p99).toBe(10);
    expect(row.notes).toBe('note');
  });
});

describe('ratio', () => {
  it('rounds to two decimals and is NaN for a zero denominator', () => {
    expect(ratio(13.4, 11.4)).toBe(1.18);
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe('batchSizes', () => {
  it('fills requests up to the cap and puts the rest in the last one', () => {
    expect(batchSizes(1000, 200)).toEqual([200, 200, 200, 200, 200]);
    expect(batchSizes(450, 200)).toEqual([200, 200, 50]);
    expect(batchSizes(0, 200)).toEqual([]);
  });
});
