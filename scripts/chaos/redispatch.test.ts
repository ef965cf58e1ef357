import { describe, expect, it } from 'vitest';
import type { ChaosCall } from './agent';
import { parseSweepLines, redispatchPhases, workerFromReason, takerKilled } from './redispatch';

const call = (over: Partial<ChaosCall>): ChaosCall => ({
  taskId: 't1',
  attempt: 1,
  idempotencyKey: 'k1',
  receivedAt: 0,
  ...over,
});

describe('redispatchPhases', () => {
  it('splits a cut call into stale, swept, claimed and sent', () => {
    const phases = redispatchPhases({
      calls: [call({ receivedAt: 900, cutAt: 1_000 }), call({ receivedAt: 13_500 })],
      heartbeats: new Map([['pool-a', 0]]),
      redeliveries: [{ taskId: 't1', attempt: 1, at: 13_000, fromWorker: 'pool-a' }],
      sweeps: [
        { at: 500, workers: ['pool-a'] }, // before the cut: another life of the id, ignored
        { at: 11_000, workers: ['pool-a', 'pool-b'] },
      ],
      staleAfterMs: 10_000,
    });
    expect(phases).toEqual([
      {
        taskId: 't1',
        from: 'cut',
        cutAt: 1_000,
        sweptAt: 11_000,
        claimedAt: 13_000,
        total: 12_500,
        cutToDead: 9_000,
        deadToSwept: 1_000,
        sweptToClaimed: 2_000,
        claimedToSent: 500,
        via: 'sweep',
      },
    ]);
  });

  it('says when the job came back without a sweep, and skips calls never sent again', () => {
    const phases = redispatchPhases({
      calls: [
        call({ receivedAt: 0, cutAt: 100 }),
        call({ receivedAt: 4_000 }),
        call({ idempotencyKey: 'k2', taskId: 't2', receivedAt: 0, cutAt: 50 }),
      ],
      heartbeats: new Map([['pool-a', 0]]),
      redeliveries: [{ taskId: 't1', attempt: 1, at: 3_900, fromWorker: 'pool-a' }],
      sweeps: [],
      staleAfterMs: 10_000,
    });
    expect(phases).toHaveLength(1);
    expect(phases[0]).toMatchObject({ total: 3_900, via: 'other', deadToSwept: null });
  });
});

describe('redispatchPhases, a killed process', () => {
  it('counts the pool dead once its heartbeat is late by deadAfterMs and its process is gone', () => {
    const input = {
      calls: [call({ receivedAt: 900, cutAt: 1_000 }), call({ receivedAt: 6_000 })],
      heartbeats: new Map([['pool-a', 0]]),
      redeliveries: [{ taskId: 't1', attempt: 1, at: 5_800, fromWorker: 'pool-a' }],
      sweeps: [{ at: 5_000, workers: ['pool-a'] }],
      staleAfterMs: 10_000,
      deadAfterMs: 4_000,
    };
    // Killed at 1 s, last beat at 0: dead at 4 s (late enough), not at 10 s.
    expect(redispatchPhases({ ...input, killedAt: new Map([['pool-a', 1_000]]) })).toEqual([
      expect.objectContaining({ cutToDead: 3_000, deadToSwept: 1_000, sweptToClaimed: 800 }),
    ]);
    // Killed at 4.5 s (the call was cut earlier by something else): dead when the process went.
    expect(redispatchPhases({ ...input, killedAt: new Map([['pool-a', 4_500]]) })).toEqual([
      expect.objectContaining({ cutToDead: 3_500, deadToSwept: 500 }),
    ]);
  });
});

describe('redispatchPhases, answered calls', () => {
  it('counts a call answered but never recorded from its worker’s kill', () => {
    const phases = redispatchPhases({
      calls: [
        call({ receivedAt: 1_000, answeredAt: 1_100 }),
        call({ receivedAt: 16_000 }),
        // Answered and recorded: never sent again, not counted.
        call({ idempotencyKey: 'k2', taskId: 't2', receivedAt: 1_000, answeredAt: 1_050 }),
      ],
      heartbeats: new Map([['pool-a', 1_000]]),
      redeliveries: [{ taskId: 't1', attempt: 1, at: 15_000, fromWorker: 'pool-a' }],
      sweeps: [{ at: 12_000, workers: ['pool-a'] }],
      staleAfterMs: 10_000,
      killedAt: new Map([['pool-a', 1_200]]),
    });
    expect(phases).toEqual([
      expect.objectContaining({
        from: 'kill',
        cutAt: 1_200,
        total: 14_800,
        cutToDead: 9_800,
        deadToSwept: 1_000,
        sweptToClaimed: 3_000,
        claimedToSent: 1_000,
      }),
    ]);
  });

  it('ignores a second call without a kill of the worker named (e.g. a retry with the same key)', () => {
    const phases = redispatchPhases({
      calls: [call({ receivedAt: 1_000, answeredAt: 1_100 }), call({ receivedAt: 16_000 })],
      heartbeats: new Map([['pool-a', 1_000]]),
      redeliveries: [{ taskId: 't1', attempt: 1, at: 15_000, fromWorker: 'pool-a' }],
      sweeps: [],
      staleAfterMs: 10_000,
      killedAt: new Map(),
    });
    expect(phases).toEqual([]);
  });
});

describe('parsing', () => {
  it('reads the pool id out of a redelivery reason', () => {
    expect(workerFromReason('the worker running it stopped (pool-1a2b)')).toBe('pool-1a2b');
    expect(workerFromReason(undefined)).toBeNull();
  });

  it('reads the sweepers’ log lines', () => {
    const text = [
      '{"level":40,"time":"2026-12-07T12:00:00.000Z","workers":["pool-a"],"msg":"released the jobs of dead workers"}',
      '{"level":40,"time":"2026-12-07T12:00:01.000Z","msg":"heartbeat failed"}',
      'not json released the jobs of dead workers',
    ].join('\n');
    expect(parseSweepLines(text)).toEqual([
      { at: Date.parse('2026-12-07T12:00:00.000Z'), workers: ['pool-a'] },
    ]);
  });
});

describe('takerKilled', () => {
  const phase = { cutAt: 1_000, total: 20_000 }; // re-sent at 21,000
  it('is true when a worker that picked the job up was killed before the re-send', () => {
    expect(takerKilled(phase, [{ at: 12_000, killedAfterMs: 500 }])).toBe(true);
  });
  it('is false when the takers lived past the re-send, or were never killed', () => {
    expect(takerKilled(phase, [{ at: 12_000, killedAfterMs: 9_500 }])).toBe(false);
    expect(takerKilled(phase, [{ at: 12_000, killedAfterMs: null }])).toBe(false);
    expect(takerKilled(phase, [])).toBe(false);
  });
});
