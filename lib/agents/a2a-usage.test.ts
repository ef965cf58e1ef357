import { describe, expect, it } from 'vitest';
import { readReportedUsage } from './a2a-usage';

describe('readReportedUsage', () => {
  it('reads tokens and cost under the documented keys and their aliases', () => {
    expect(
      readReportedUsage([{ usage: { inputTokens: 1200, outputTokens: 340, costMicros: 2150 } }]),
    ).toEqual({ usage: { tokensIn: 1200, tokensOut: 340 }, costMicros: 2150n, problems: [] });
    expect(
      readReportedUsage([
        { usage: { prompt_tokens: 5, completion_tokens: 7, cost_micros: '987654' } },
      ]),
    ).toEqual({ usage: { tokensIn: 5, tokensOut: 7 }, costMicros: 987654n, problems: [] });
    expect(readReportedUsage([{ usage: { cost_micros: '123456789012' } }]).costMicros).toBe(
      123456789012n,
    );
  });

  it('converts dollars to micro-dollars exactly', () => {
    expect(readReportedUsage([{ usage: { costUsd: 0.0042 } }]).costMicros).toBe(4200n);
    expect(readReportedUsage([{ usage: { cost_usd: '12.345678' } }]).costMicros).toBe(12345678n);
    expect(readReportedUsage([{ usage: { costUsd: 3 } }]).costMicros).toBe(3_000_000n);
  });

  it('lets the last report win, key by key, and reports nothing when nobody did', () => {
    expect(
      readReportedUsage([
        { usage: { inputTokens: 10, outputTokens: 1 } },
        { other: true },
        undefined,
        { usage: { outputTokens: 20, costMicros: 5 } },
      ]),
    ).toEqual({ usage: { tokensIn: 10, tokensOut: 20 }, costMicros: 5n, problems: [] });
    expect(readReportedUsage([undefined, { skill: 'x' }, 'text', null])).toEqual({ problems: [] });
  });

  it('ignores malformed values, naming each, and keeps the valid ones', () => {
    const read = readReportedUsage([
      { usage: 'lots' },
      { usage: [1, 2] },
      {
        usage: {
          inputTokens: -3,
          outputTokens: 2.5,
          costMicros: 'twelve',
        },
      },
      { usage: { inputTokens: 4, costUsd: '0.1234567' } },
      { usage: { costMicros: 10 ** 15 } },
    ]);
    expect(read.usage).toEqual({ tokensIn: 4, tokensOut: 0 });
    expect(read.costMicros).toBeUndefined();
    expect(read.problems).toEqual([
      'usage must be an object, not "lots"',
      'usage must be an object, not [1,2]',
      'usage.inputTokens must be a whole number of tokens, not -3',
      'usage.outputTokens must be a whole number of tokens, not 2.5',
      'usage.costMicros must be whole micro-dollars (at most 10^12), not "twelve"',
      'usage.costUsd must be dollars with at most 6 decimals, not "0.1234567"',
      'usage.costMicros must be whole micro-dollars (at most 10^12), not 1000000000000000',
    ]);
  });
});
