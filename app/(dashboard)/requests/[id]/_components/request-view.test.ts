import { describe, expect, it } from 'vitest';
import {
  describeRemoteCancel,
  formatJson,
  parseResult,
  parseRouting,
  previewJson,
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
    expect(describeRemoteCancel({ remoteTaskId: 't', ok: true, state: 'CANCELED' })).toBe(
      'Cancelled remotely (CANCELED)',
    );
    expect(describeRemoteCancel({ remoteTaskId: 't', ok: false, error: 'HTTP 500' })).toBe(
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
