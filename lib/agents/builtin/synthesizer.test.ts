import { describe, expect, it } from 'vitest';
import { BuiltinError } from './input';
import { renderOutput, synthesize } from './synthesizer';

describe('synthesize', () => {
  it('leads with every final step when parallel branches each end in a result', () => {
    const result = synthesize({
      text: '',
      context: [
        { ref: 'calculate', capability: 'calculate', output: 105, final: true },
        { ref: 'count_words', capability: 'count_words', output: { words: 2 }, final: true },
      ],
    });
    expect(result.text.split('\n')[0]).toBe('calculate: 105 · count_words: {"words":2}');
    expect(result.text).toContain('Steps:');
  });

  it('leads with the one final step even when it is not the last listed', () => {
    const result = synthesize({
      text: '',
      context: [
        { ref: 'a', output: 'the answer', final: true },
        { ref: 'b', output: 'a side note' },
      ],
    });
    expect(result.text.split('\n')[0]).toBe('the answer');
  });

  it('leads with the final result, then lists every step, and returns the data', () => {
    const result = synthesize({
      text: 'combine the results',
      context: [
        { ref: 'calc', capability: 'calculate', output: 105 },
        { ref: 'json', capability: 'format_json', output: { result: 105 } },
      ],
    });
    expect(result.text).toBe(
      [
        '{"result":105}',
        '',
        'Steps:',
        '1. calculate (calc): 105',
        '2. format_json (json): {"result":105}',
      ].join('\n'),
    );
    expect(result.output).toEqual({
      answer: result.text,
      final: { result: 105 },
      results: { calc: 105, json: { result: 105 } },
      steps: [
        { ref: 'calc', capability: 'calculate', output: 105 },
        { ref: 'json', capability: 'format_json', output: { result: 105 } },
      ],
    });
  });

  it('answers with the only output as it is, and reads outputs given as JSON text', () => {
    expect(synthesize({ text: '', context: [{ ref: 't1', output: 'Hello' }] }).text).toBe('Hello');
    expect(
      synthesize({
        text: JSON.stringify([{ ref: 'a', capability: 'count_words', output: { words: 2 } }]),
      }).output,
    ).toMatchObject({ final: { words: 2 } });
  });

  it('reports failed steps without taking them as the answer', () => {
    const result = synthesize({
      text: '',
      context: [
        { ref: 'a', capability: 'calculate', output: 4 },
        { ref: 'b', capability: 'summarize', error: 'timed out' },
      ],
    });
    expect(result.text.split('\n')[0]).toBe('4');
    expect(result.text).toContain('2. summarize (b): failed: timed out');
  });

  it('renders text fields of objects and shortens long outputs', () => {
    expect(renderOutput({ summary: 'Short.' })).toBe('Short.');
    expect(renderOutput('x'.repeat(600))).toHaveLength(500);
  });

  it('needs outputs to work on', () => {
    expect(() => synthesize({ text: 'combine' })).toThrow(BuiltinError);
  });
});
