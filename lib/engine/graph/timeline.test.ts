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
    const timeline = buildTimeline(s, T0 + 1_000)!;
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
});
