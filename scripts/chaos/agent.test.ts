import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { answerDelayMs, HELD_MS, redispatchDelays, type ChaosCall } from './agent';

const call = (key: string, receivedAt: number, cutAt?: number): ChaosCall => ({
  taskId: key.split(':')[0]!,
  attempt: 1,
  idempotencyKey: key,
  receivedAt,
  ...(cutAt !== undefined && { cutAt }),
});

describe('redispatchDelays', () => {
  it('measures from the cut to the next call of the same attempt', () => {
    const { delays, notResent } = redispatchDelays([
      call('a:1', 1_000, 1_500),
      call('b:1', 1_100),
      call('a:1', 9_500),
      call('c:1', 2_000, 2_100),
      call('c:1', 4_100),
    ]);
    expect(delays).toEqual([8_000, 2_000]);
    expect(notResent).toBe(0);
  });

  it('counts a cut call that was never sent again, and ignores calls before the cut', () => {
    const { delays, notResent } = redispatchDelays([
      call('a:1', 500),
      call('a:1', 1_000, 1_500),
      call('b:1', 1_000),
    ]);
    expect(delays).toEqual([]);
    expect(notResent).toBe(1);
  });

  it('a call cut twice is measured each time', () => {
    const { delays } = redispatchDelays([
      call('a:1', 0, 100),
      call('a:1', 3_100, 3_200),
      call('a:1', 4_200),
    ]);
    expect(delays).toEqual([3_000, 1_000]);
  });
});

describe('answerDelayMs', () => {
  it('answers most tasks in 20–200 ms and holds about one in ten for 1–2 s', () => {
    const delays = Array.from({ length: 2_000 }, () => answerDelayMs(randomUUID()));
    const held = delays.filter((d) => d >= HELD_MS.min);
    expect(delays.every((d) => (d >= 20 && d <= 200) || (d >= 1_000 && d <= 2_000))).toBe(true);
    expect(held.length / delays.length).toBeGreaterThan(0.05);
    expect(held.length / delays.length).toBeLessThan(0.15);
    expect(new Set(held).size).toBeGreaterThan(3);
  });
});
