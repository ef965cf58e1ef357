import { describe, expect, it } from 'vitest';
import { T0, attempt, parallelExample, sequentialExample, snapshot, task } from './fixtures';
import { buildTimeline } from './timeline';

describe('buildTimeline', () => {
  it('puts each agent in its own lane with bars spanning its attempts', () => {
    const timeline = buildTimeline(sequentialExample())!;
    expect(timeline.start).toBe(T0 + 100);
    expect(timeline.end).toBe(T0 + 160);
    expect(timeline.lanes.map((lane) => lane.agent)).toEqual(['calculator', 'json-formatter']);
    const [calc] = timeline.lanes[0]!.bars;
    expect(calc).toMatchObject({ ref: 'calculate_1', offset: 0, status: 'succeeded' });
    expect(calc!.width).toBeCloseTo(12 / 60);
    expect(timeline.lanes[1]!.bars[0]!.offset).toBeCloseTo(50 / 60);
  });

  it('draws a running attempt up to now and keeps tiny bars visible', () => {
    const s = snapshot({
      tasks: [
        task({
          id: 'a',
          ref: 'a',
          attempts: [
            attempt({ number: 1, startedAt: T0, finishedAt: T0 + 1 }),
            attempt({ number: 2, startedAt: T0 + 10, finishedAt: null, status: 'running' }),
          ],
        }),
      ],
    });
    const timeline = buildTimeline(s, { now: T0 + 1_000 })!;
    expect(timeline.end).toBe(T0 + 1_000);
    const [first, second] = timeline.lanes[0]!.bars;
    expect(first!.width).toBeCloseTo(0.004);
    expect(second!.offset + second!.width).toBeCloseTo(1);
  });

  it('has nothing to show before the first attempt', () => {
    expect(
      buildTimeline(snapshot({ tasks: [task({ id: 'a', ref: 'a', attempts: [] })] })),
    ).toBeNull();
    expect(buildTimeline(parallelExample())!.lanes).toHaveLength(2);
  });

  it('summarises a lane of thousands of attempts into a bounded number of buckets', () => {
    // 5,000 tasks on one agent, one attempt each, a second apart; every 1,000th failed.
    const tasks = Array.from({ length: 5_000 }, (_, i) =>
      task({
        id: `t${i}`,
        ref: `t${i}`,
        attempts: [
          attempt({
            number: 1,
            startedAt: T0 + i * 1_000,
            finishedAt: T0 + i * 1_000 + 500,
            status: i % 1_000 === 999 ? 'failed' : 'succeeded',
          }),
        ],
      }),
    );
    const timeline = buildTimeline(snapshot({ tasks }), { buckets: 50 })!;
    expect(timeline.attempts).toBe(5_000);
    const [lane] = timeline.lanes;
    expect(lane).toMatchObject({ agent: 'calculator', attempts: 5_000, bars: [] });
    expect(lane!.buckets).toHaveLength(50);
    expect(lane!.buckets!.reduce((n, b) => n + b.attempts, 0)).toBe(5_000);
    expect(lane!.buckets![0]).toMatchObject({
      attempts: 100,
      counts: { succeeded: 100 },
      status: 'succeeded',
      offset: 0,
      width: 1 / 50,
    });
    // A bucket with a failure is drawn as failed, whatever else succeeded in it.
    const failing = lane!.buckets!.filter((b) => b.status === 'failed');
    expect(failing).toHaveLength(5);
    expect(failing[0]!.counts).toEqual({ succeeded: 99, failed: 1 });
  });

  it('draws a bar per attempt up to the limit, and counts the lanes it does not draw', () => {
    const tasks = Array.from({ length: 30 }, (_, i) =>
      task({
        id: `t${i}`,
        ref: `t${i}`,
        attempts: [attempt({ number: 1, agent: `agent-${i}`, startedAt: T0 + i })],
      }),
    );
    const timeline = buildTimeline(snapshot({ tasks }), { maxLanes: 25, maxBarsPerLane: 1 })!;
    expect(timeline.lanes).toHaveLength(25);
    expect(timeline.hiddenLanes).toBe(5);
    expect(timeline.lanes.every((lane) => lane.buckets === null && lane.bars.length === 1)).toBe(
      true,
    );
  });
});
