import { describe, expect, it } from 'vitest';
import { DEFAULT_BM25_OPTIONS, createBm25Index, scoreBm25, tokenize } from './bm25';

describe('tokenize', () => {
  it('splits identifiers, lower-cases, drops stop words and folds plurals', () => {
    expect(tokenize('Count the words in word_count, then Queries')).toEqual([
      'count',
      'word',
      'word',
      'count',
      'query',
    ]);
  });
});

describe('BM25', () => {
  it('documents its defaults k1 = 1.2, b = 0.75', () => {
    expect(DEFAULT_BM25_OPTIONS).toEqual({ k1: 1.2, b: 0.75 });
  });

  it('matches the hand-computed score for a one-term query', () => {
    // N = 2, df(apple) = 1 → IDF = ln(1 + 1.5 / 1.5) = ln 2; |D| = 2, avgdl = 2, tf = 1
    // → ln 2 · 1 · 2.2 / (1 + 1.2) = ln 2.
    const index = createBm25Index(['apple pie', 'banana split']);
    const [apple, banana] = scoreBm25(index, 'apple');
    expect(apple).toBeCloseTo(Math.LN2, 10);
    expect(banana).toBe(0);
  });

  it('ranks the document sharing rarer and more terms higher', () => {
    const index = createBm25Index([
      'calculate arithmetic math add multiply numbers',
      'word count count words in text',
      'format json output',
    ]);
    const scores = scoreBm25(index, 'count the words in hello world');
    expect(scores[1]).toBeGreaterThan(0);
    expect(scores[0]).toBe(0);
    expect(scores[2]).toBe(0);
  });

  it('penalises long documents with the same term frequency (b > 0)', () => {
    const index = createBm25Index(['json', 'json with many other unrelated words here']);
    const [short, long] = scoreBm25(index, 'json');
    expect(short).toBeGreaterThan(long!);
  });

  it('scores an empty corpus or query as nothing', () => {
    expect(scoreBm25(createBm25Index([]), 'x')).toEqual([]);
    expect(scoreBm25(createBm25Index(['a b']), '')).toEqual([0]);
  });
});
