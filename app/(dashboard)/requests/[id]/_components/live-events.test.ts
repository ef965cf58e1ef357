import { describe, expect, it } from 'vitest';
import { parseStreamEvent } from './live-events';

describe('parseStreamEvent', () => {
  it('reads an event as the SSE route sends it (bigint ids as strings)', () => {
    expect(
      parseStreamEvent(
        JSON.stringify({
          id: '12',
          type: 'task.succeeded',
          taskId: 'b7c1',
          payload: { ref: 'a' },
          createdAt: '2026-01-05T12:00:00.000Z',
        }),
      ),
    ).toEqual({
      id: '12',
      type: 'task.succeeded',
      taskId: 'b7c1',
      payload: { ref: 'a' },
      at: Date.UTC(2026, 0, 5, 12),
    });
  });

  it('refuses frames that are not events', () => {
    expect(parseStreamEvent('not json')).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ message: 'boom' }))).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ id: '1e3', type: 'x' }))).toBeNull();
    expect(parseStreamEvent('null')).toBeNull();
  });
});
