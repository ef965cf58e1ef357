import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { mulberry32 } from '../random';
import { CLOSED_CIRCUIT } from '../health/circuit-breaker';
import { route, type Candidate } from './route';
import { cosineSimilarity } from './similarity';

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 for orthogonal, -1 for opposite', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1);
  });

  it('is 0 when there is nothing to compare', () => {
    expect(cosineSimilarity([], [])).toBe(0);
    expect(cosineSimilarity([1, 2], [1, 2, 3])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});

describe('semantic routing with embedding scores', () => {
  const agent = (id: string): Candidate => ({
    id,
    name: id,
    status: 'ACTIVE',
    inFlight: 0,
    maxConcurrentTasks: 4,
    weight: 100,
    ewmaLatencyMs: null,
    successRate: null,
    priceInputPerMTok: 0n,
    priceOutputPerMTok: 0n,
    pricePerCall: 0n,
    circuit: CLOSED_CIRCUIT,
    capabilities: [{ name: 'summarize', description: 'words words', tags: [], examples: [] }],
  });
  const ctx = { random: mulberry32(1), now: new FakeClock(0).now() };

  it('ranks by the given scores instead of BM25, and excludes agents scoring 0 or less', () => {
    const decision = route(
      { capability: 'summarize', input: 'shorten this contract' },
      [agent('a'), agent('b'), agent('c')],
      'semantic',
      { ...ctx, semanticScores: [0.2, 0.9, -0.1] },
    );
    expect(decision.chosen?.id).toBe('b');
    expect(decision.ranked.map((r) => [r.agentId, r.score])).toEqual([
      ['b', 0.9],
      ['a', 0.2],
    ]);
    expect(decision.excluded).toEqual([
      expect.objectContaining({ agentId: 'c', reason: 'no_capability' }),
    ]);
  });
});
