import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { CLOSED_CIRCUIT, recordOutcome, type CircuitBreaker } from '../health/circuit-breaker';
import { mulberry32 } from '../random';
import { ROUTING_STRATEGIES, type RoutingStrategy } from '../types';
import { estimateCallCost, estimateTokens } from './cost';
import { fallbackOrder, route, type Candidate, type RoutingContext } from './route';

const NOW = FakeClock.REFERENCE_TIME;
const TASK = { capability: 'calculate', input: 'Calculate 15 * 7' };
const CALCULATE = {
  name: 'calculate',
  description: 'Evaluates an arithmetic expression',
  tags: ['math', 'arithmetic'],
  examples: ['Calculate 25 * 4'],
};

function agent(name: string, overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: `id-${name}`,
    name,
    status: 'ACTIVE',
    inFlight: 0,
    maxConcurrentTasks: 4,
    weight: 1,
    ewmaLatencyMs: null,
    successRate: null,
    priceInputPerMTok: 0n,
    priceOutputPerMTok: 0n,
    pricePerCall: 0n,
    circuit: { ...CLOSED_CIRCUIT },
    capabilities: [CALCULATE],
    ...overrides,
  };
}

function ctx(overrides: Partial<RoutingContext> = {}): RoutingContext {
  return { random: mulberry32(1), now: NOW, ...overrides };
}

function openCircuit(at: number): CircuitBreaker {
  let breaker: CircuitBreaker = { ...CLOSED_CIRCUIT };
  for (let i = 0; i < 5; i++) breaker = recordOutcome(breaker, 'failure', at);
  return breaker;
}

const names = (decision: ReturnType<typeof route>) => decision.ranked.map((entry) => entry.name);

describe('route: exclusions', () => {
  it('excludes with one reason each: capability, status, circuit, capacity, budget', () => {
    const candidates = [
      agent('ok'),
      agent('no-cap', { capabilities: [{ ...CALCULATE, name: 'format' }] }),
      agent('maint', { status: 'MAINTENANCE' }),
      agent('draining', { status: 'DRAINING' }),
      agent('tripped', { circuit: openCircuit(NOW - 1_000) }),
      agent('full', { inFlight: 4, maxConcurrentTasks: 4 }),
      agent('pricey', { pricePerCall: 2_000n }),
    ];
    const decision = route(TASK, candidates, 'capability', ctx({ budgetRemaining: 1_000n }));
    expect(decision.chosen?.name).toBe('ok');
    expect(names(decision)).toEqual(['ok']);
    expect(decision.excluded.map(({ name, reason }) => [name, reason])).toEqual([
      ['no-cap', 'no_capability'],
      ['maint', 'status'],
      ['draining', 'status'],
      ['tripped', 'circuit_open'],
      ['full', 'at_capacity'],
      ['pricey', 'over_budget'],
    ]);
    const detail = Object.fromEntries(decision.excluded.map((e) => [e.name, e.detail]));
    expect(detail.maint).toBe('status MAINTENANCE does not accept new work');
    expect(detail.tripped).toBe('circuit open until 2026-01-01T00:00:29.000Z');
    expect(detail.full).toBe('4/4 tasks in flight');
    expect(detail.pricey).toBe('estimated $0.002 exceeds the remaining $0.001');
  });

  it('lets an open circuit through once its open period has elapsed (half-open trial)', () => {
    const candidates = [agent('tripped', { circuit: openCircuit(NOW - 30_000) })];
    expect(route(TASK, candidates, 'capability', ctx()).chosen?.name).toBe('tripped');
  });

  it('does not check the budget when none is set, and allows a cost equal to the remainder', () => {
    const candidates = [agent('pricey', { pricePerCall: 2_000n })];
    expect(route(TASK, candidates, 'capability', ctx()).chosen?.name).toBe('pricey');
    expect(route(TASK, candidates, 'capability', ctx({ budgetRemaining: null })).chosen).not.toBe(
      null,
    );
    expect(
      route(TASK, candidates, 'capability', ctx({ budgetRemaining: 2_000n })).chosen?.name,
    ).toBe('pricey');
  });

  it('chooses nobody when every candidate is excluded', () => {
    const decision = route(TASK, [agent('x', { status: 'FAILED' })], 'random', ctx());
    expect(decision).toMatchObject({ chosen: null, ranked: [], strategy: 'random' });
    expect(decision.excluded).toHaveLength(1);
  });

  it('matches the capability name case-insensitively', () => {
    const decision = route(
      { ...TASK, capability: ' Calculate ' },
      [agent('a')],
      'capability',
      ctx(),
    );
    expect(decision.chosen?.name).toBe('a');
  });
});

describe('route: DEGRADED ranks after every ACTIVE', () => {
  it.each(ROUTING_STRATEGIES)('%s picks DEGRADED only when no ACTIVE is eligible', (strategy) => {
    const degraded = agent('aaa-degraded', {
      status: 'DEGRADED',
      weight: 1_000,
      ewmaLatencyMs: 1,
      successRate: 1,
    });
    const active = agent('zzz-active', {
      inFlight: 3,
      weight: 1,
      ewmaLatencyMs: 900,
      successRate: 0.5,
      pricePerCall: 10n,
    });
    const both = route(TASK, [degraded, active], strategy, ctx());
    expect(both.chosen?.name).toBe('zzz-active');
    expect(names(both)).toEqual(['zzz-active', 'aaa-degraded']);
    expect(both.ranked[1]?.reasons).toContain('DEGRADED: ranked after every ACTIVE agent');

    const activeFull = { ...active, inFlight: 4 };
    expect(route(TASK, [degraded, activeFull], strategy, ctx()).chosen?.name).toBe('aaa-degraded');
  });
});

describe('route: deterministic strategies', () => {
  it('capability: least loaded, then name', () => {
    const decision = route(
      TASK,
      [agent('c', { inFlight: 1 }), agent('b', { inFlight: 2 }), agent('a', { inFlight: 1 })],
      'capability',
      ctx(),
    );
    expect(names(decision)).toEqual(['a', 'c', 'b']);
    expect(decision.ranked[0]?.reasons).toEqual([
      'status ACTIVE',
      'offers the capability',
      'load 1/4',
    ]);
  });

  it('least_loaded: compares the load ratio, not the raw count', () => {
    const decision = route(
      TASK,
      [
        agent('big', { inFlight: 3, maxConcurrentTasks: 10 }),
        agent('small', { inFlight: 1, maxConcurrentTasks: 2 }),
      ],
      'least_loaded',
      ctx(),
    );
    expect(names(decision)).toEqual(['big', 'small']);
    expect(decision.ranked.map((entry) => entry.score)).toEqual([0.3, 0.5]);
  });

  it('fastest: lowest EWMA latency, unknown latency after known', () => {
    const decision = route(
      TASK,
      [agent('new'), agent('slow', { ewmaLatencyMs: 800 }), agent('quick', { ewmaLatencyMs: 120 })],
      'fastest',
      ctx(),
    );
    expect(names(decision)).toEqual(['quick', 'slow', 'new']);
    expect(decision.ranked[2]?.score).toBeNull();
  });

  it('most_reliable: highest success rate, unknown after known', () => {
    const decision = route(
      TASK,
      [agent('new'), agent('shaky', { successRate: 0.6 }), agent('solid', { successRate: 0.99 })],
      'most_reliable',
      ctx(),
    );
    expect(names(decision)).toEqual(['solid', 'shaky', 'new']);
  });

  it('cheapest: estimated cost from per-call and per-token prices and the token estimate', () => {
    const flat = agent('flat', { pricePerCall: 1_500n });
    const tokens = agent('tokens', {
      priceInputPerMTok: 1_000_000n,
      priceOutputPerMTok: 2_000_000n,
    });
    const free = agent('free');
    // 300 in + 500 out tokens: 300 + 1 000 micros for `tokens`, 1 500 for `flat`.
    const estimatedTokens = { inputTokens: 300, outputTokens: 500 };
    const decision = route(TASK, [flat, tokens, free], 'cheapest', ctx({ estimatedTokens }));
    expect(names(decision)).toEqual(['free', 'tokens', 'flat']);
    expect(decision.ranked.map((entry) => entry.score)).toEqual([0, 1_300, 1_500]);
    // With 1 000 output tokens `tokens` costs 2 300 and falls behind `flat`.
    const longer = route(
      TASK,
      [flat, tokens],
      'cheapest',
      ctx({ estimatedTokens: { inputTokens: 300, outputTokens: 1_000 } }),
    );
    expect(names(longer)).toEqual(['flat', 'tokens']);
  });

  it('semantic: BM25 over capability text, non-matching agents excluded', () => {
    const calculator = agent('calculator');
    const counter = agent('word-counter', {
      capabilities: [
        {
          name: 'word_count',
          description: 'Counts the words in a text',
          tags: ['text', 'words'],
          examples: ["Count the words in 'Hello world'"],
        },
      ],
    });
    const formatter = agent('formatter', {
      capabilities: [
        { name: 'format_json', description: 'Formats data as JSON', tags: [], examples: [] },
      ],
    });
    const decision = route(
      { capability: 'count', input: "How many words are in 'Hello world'?" },
      [calculator, counter, formatter],
      'semantic',
      ctx(),
    );
    expect(decision.chosen?.name).toBe('word-counter');
    expect(decision.ranked[0]?.score).toBeGreaterThan(0);
    expect(decision.excluded.map(({ name, reason }) => [name, reason])).toEqual([
      ['calculator', 'no_capability'],
      ['formatter', 'no_capability'],
    ]);

    const math = route(
      { capability: 'arithmetic', input: 'multiply 25 by 4' },
      [calculator, counter, formatter],
      'semantic',
      ctx(),
    );
    expect(math.chosen?.name).toBe('calculator');
  });

  it('semantic: the more relevant of two matching agents ranks first', () => {
    const general = agent('general', {
      capabilities: [
        {
          name: 'text',
          description: 'General text tools for json and more',
          tags: [],
          examples: [],
        },
      ],
    });
    const json = agent('json', {
      capabilities: [
        { name: 'format_json', description: 'Formats as JSON', tags: ['json'], examples: [] },
      ],
    });
    const decision = route(
      { capability: 'format_json', input: 'as JSON' },
      [general, json],
      'semantic',
      ctx(),
    );
    expect(names(decision)).toEqual(['json', 'general']);
  });
});

describe('route: round_robin', () => {
  it('rotates in name order from the cursor and returns the next cursor', () => {
    const candidates = [agent('c'), agent('a'), agent('b')];
    const first = route(TASK, candidates, 'round_robin', ctx({ roundRobinPosition: 0 }));
    expect(names(first)).toEqual(['a', 'b', 'c']);
    expect(first.nextRoundRobinPosition).toBe(1n);
    const fifth = route(TASK, candidates, 'round_robin', ctx({ roundRobinPosition: 4n }));
    expect(names(fifth)).toEqual(['b', 'c', 'a']);
    expect(fifth.nextRoundRobinPosition).toBe(5n);
  });

  it('is exactly fair: 300 calls over 3 agents give 100 each', () => {
    const candidates = [agent('a'), agent('b'), agent('c')];
    const counts: Record<string, number> = {};
    let position: bigint = 0n;
    for (let i = 0; i < 300; i++) {
      const decision = route(
        TASK,
        candidates,
        'round_robin',
        ctx({ roundRobinPosition: position }),
      );
      counts[decision.chosen!.name] = (counts[decision.chosen!.name] ?? 0) + 1;
      position = decision.nextRoundRobinPosition!;
    }
    expect(counts).toEqual({ a: 100, b: 100, c: 100 });
    expect(position).toBe(300n);
  });

  it('does not advance the cursor when nobody is chosen, and omits it for other strategies', () => {
    const none = route(TASK, [], 'round_robin', ctx({ roundRobinPosition: 7 }));
    expect(none.nextRoundRobinPosition).toBe(7n);
    expect(route(TASK, [agent('a')], 'capability', ctx())).not.toHaveProperty(
      'nextRoundRobinPosition',
    );
  });
});

describe('route: random and weighted (seeded)', () => {
  function share(strategy: RoutingStrategy, candidates: Candidate[], draws: number, seed: number) {
    const random = mulberry32(seed);
    const counts: Record<string, number> = {};
    for (let i = 0; i < draws; i++) {
      const chosen = route(TASK, candidates, strategy, { random, now: NOW }).chosen!.name;
      counts[chosen] = (counts[chosen] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, n / draws]));
  }

  it('random is uniform within ±3% over 10 000 draws', () => {
    const result = share('random', [agent('a'), agent('b'), agent('c')], 10_000, 2024);
    for (const name of ['a', 'b', 'c']) expect(Math.abs(result[name]! - 1 / 3)).toBeLessThan(0.03);
  });

  it('weighted 1:2:7 lands within ±2% of 10/20/70% over 10 000 draws', () => {
    const candidates = [
      agent('a', { weight: 1 }),
      agent('b', { weight: 2 }),
      agent('c', { weight: 7 }),
    ];
    const result = share('weighted', candidates, 10_000, 99);
    expect(Math.abs(result.a! - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(result.b! - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(result.c! - 0.7)).toBeLessThan(0.02);
  });

  it('weighted never picks a zero weight first while a positive one is eligible', () => {
    const candidates = [agent('zero', { weight: 0 }), agent('one', { weight: 1 })];
    const result = share('weighted', candidates, 1_000, 5);
    expect(result).toEqual({ one: 1 });
  });

  it('weighted with all weights 0 falls back to uniform', () => {
    const candidates = [agent('a', { weight: 0 }), agent('b', { weight: 0 })];
    const result = share('weighted', candidates, 4_000, 11);
    expect(Math.abs(result.a! - 0.5)).toBeLessThan(0.03);
  });

  it('is reproducible with the same seed, lists every eligible agent once, and reports probabilities', () => {
    const candidates = [
      agent('a', { weight: 1 }),
      agent('b', { weight: 3 }),
      agent('c', { weight: 6 }),
    ];
    const one = route(TASK, candidates, 'weighted', ctx({ random: mulberry32(3) }));
    const two = route(TASK, candidates, 'weighted', ctx({ random: mulberry32(3) }));
    expect(names(one)).toEqual(names(two));
    expect([...names(one)].sort()).toEqual(['a', 'b', 'c']);
    const probability = Object.fromEntries(one.ranked.map((entry) => [entry.name, entry.score]));
    expect(probability).toEqual({ a: 0.1, b: 0.3, c: 0.6 });
  });

  it('picks by the injected draw', () => {
    const candidates = [agent('a'), agent('b'), agent('c')];
    expect(route(TASK, candidates, 'random', ctx({ random: () => 0 })).chosen?.name).toBe('a');
    expect(route(TASK, candidates, 'random', ctx({ random: () => 0.99 })).chosen?.name).toBe('c');
  });
});

describe('fallbackOrder', () => {
  it('returns the ranked candidates after the chosen one, skipping those already tried', () => {
    const decision = route(
      TASK,
      [agent('a', { inFlight: 0 }), agent('b', { inFlight: 1 }), agent('c', { inFlight: 2 })],
      'least_loaded',
      ctx(),
    );
    expect(fallbackOrder(decision).map((entry) => entry.name)).toEqual(['b', 'c']);
    expect(fallbackOrder(decision, ['id-b']).map((entry) => entry.name)).toEqual(['c']);
    expect(fallbackOrder(route(TASK, [], 'random', ctx()))).toEqual([]);
  });
});

describe('cost estimate', () => {
  it('estimates ⌈chars / 4⌉ tokens each way and rounds token cost up', () => {
    expect(estimateTokens('Calculate 15 * 7')).toEqual({ inputTokens: 4, outputTokens: 4 });
    expect(estimateTokens('')).toEqual({ inputTokens: 1, outputTokens: 1 });
    const pricing = { priceInputPerMTok: 1n, priceOutputPerMTok: 0n, pricePerCall: 5n };
    expect(estimateCallCost(pricing, { inputTokens: 1, outputTokens: 0 })).toBe(6n);
    expect(() => estimateCallCost(pricing, { inputTokens: -1, outputTokens: 0 })).toThrow(
      RangeError,
    );
  });
});
