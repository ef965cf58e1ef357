import { describe, expect, it } from 'vitest';
import {
  describeRemoteCancel,
  elapsedVsTimeout,
  eventActors,
  eventFields,
  formatJson,
  formatOutput,
  outputValue,
  parseResult,
  parseRouting,
  previewJson,
  previewOutput,
} from './request-view';

describe('parseRouting', () => {
  it('reads the explanation the engine stores', () => {
    expect(
      parseRouting({
        strategy: 'cheapest',
        chosen: { agentId: 'a1', name: 'calc' },
        candidates: [{ agentId: 'a1', name: 'calc', score: 12, reasons: ['estimated cost $0.00'] }],
        excluded: [{ agentId: 'a2', name: 'old', reason: 'status', detail: 'agent is FAILED' }],
      }),
    ).toEqual({
      strategy: 'cheapest',
      chosen: { agentId: 'a1', name: 'calc' },
      candidates: [{ agentId: 'a1', name: 'calc', score: 12, reasons: ['estimated cost $0.00'] }],
      excluded: [{ agentId: 'a2', name: 'old', reason: 'status', detail: 'agent is FAILED' }],
    });
  });

  it('keeps what it can of a malformed explanation and gives up on nonsense', () => {
    expect(parseRouting({ strategy: 'random', candidates: 'x' })).toMatchObject({
      strategy: 'random',
      chosen: null,
      candidates: [],
      excluded: [],
    });
    expect(parseRouting(null)).toBeNull();
    expect(parseRouting('capability')).toBeNull();
  });
});

describe('describeRemoteCancel', () => {
  it('says whether the agent acknowledged the cancel', () => {
    expect(describeRemoteCancel({ ok: true, state: 'CANCELED', error: null })).toBe(
      'Cancelled remotely (CANCELED)',
    );
    expect(describeRemoteCancel({ ok: false, state: null, error: 'HTTP 500' })).toBe(
      'Remote cancel failed: HTTP 500',
    );
    expect(describeRemoteCancel(null)).toBeNull();
  });
});

describe('parseResult', () => {
  it('reads the synthesized text and outputs by ref', () => {
    expect(parseResult({ text: '105', outputs: { calc: 105 }, synthesizedBy: 'synth' })).toEqual({
      text: '105',
      outputs: { calc: 105 },
      synthesizedBy: 'synth',
    });
    expect(parseResult(null)).toBeNull();
  });
});

describe('previewJson and formatJson', () => {
  it('shows strings as they are and other values as JSON', () => {
    expect(previewJson('15 * 7 = 105')).toBe('15 * 7 = 105');
    expect(previewJson({ words: 2 })).toBe('{"words":2}');
    expect(previewJson(null)).toBe('');
    expect(formatJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatJson(undefined)).toBe('');
  });

  it('cuts long output to one short line', () => {
    const preview = previewJson('word '.repeat(100), 20);
    expect(preview).toHaveLength(20);
    expect(preview.endsWith('…')).toBe(true);
  });
});

describe('outputValue, previewOutput and formatOutput', () => {
  it('shows a builtin’s single value as that value', () => {
    expect(outputValue({ words: 2 })).toBe(2);
    expect(previewOutput({ words: 2 })).toBe('2');
    expect(formatOutput({ result: 105 })).toBe('105');
    expect(previewOutput({ text: 'Hello' })).toBe('Hello');
  });

  it('keeps richer outputs as JSON', () => {
    expect(previewOutput({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(previewOutput({ nested: { a: 1 } })).toBe('{"nested":{"a":1}}');
    expect(previewOutput([1, 2])).toBe('[1,2]');
    expect(previewOutput(null)).toBe('');
  });
});

describe('eventFields', () => {
  const actors = new Map([['user:42', 'ops@example.com']]);

  it('labels each field and names the actor', () => {
    expect(eventFields({ by: 'user:42', reason: null }, actors)).toEqual([
      { label: 'By', value: 'ops@example.com' },
      { label: 'Reason', value: '—' },
    ]);
  });

  it('humanizes keys, joins lists and keeps nested objects compact', () => {
    expect(
      eventFields({ attemptNumber: 2, latencyMs: 15, refs: ['a', 'b'], routing: { x: 1 } }),
    ).toEqual([
      { label: 'Attempt number', value: '2' },
      { label: 'Latency (ms)', value: '15' },
      { label: 'Refs', value: 'a, b' },
      { label: 'Routing', value: '{"x":1}' },
    ]);
  });

  it('shows an unknown actor as stored and a non-object payload as details', () => {
    expect(eventFields({ by: 'system' })).toEqual([{ label: 'By', value: 'system' }]);
    expect(eventFields('text')).toEqual([{ label: 'Details', value: 'text' }]);
    expect(eventFields(null)).toEqual([]);
  });

  it('collects the actors to look up', () => {
    expect(eventActors([{ by: 'user:42' }, { by: 'user:42' }, { ref: 'a' }, null])).toEqual([
      'user:42',
    ]);
  });
});

describe('elapsedVsTimeout', () => {
  it('shows whole seconds against the timeout', () => {
    expect(elapsedVsTimeout(1_000, 13_700, 60_000)).toEqual({
      text: '12 s of 1m 00s',
      fraction: 0.2,
      overdue: false,
    });
  });

  it('is overdue at the timeout and never runs backwards', () => {
    expect(elapsedVsTimeout(0, 90_000, 60_000)).toMatchObject({ fraction: 1, overdue: true });
    expect(elapsedVsTimeout(5_000, 0, 60_000).text).toBe('0 s of 1m 00s');
    expect(elapsedVsTimeout(0, 3_700_000, 7_200_000).text).toBe('1h 01m of 2h 00m');
  });
});
