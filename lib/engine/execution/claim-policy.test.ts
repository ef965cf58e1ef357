import { describe, expect, it } from 'vitest';
import {
  afterBooking,
  agentsWanted,
  attemptCost,
  noAgentMessage,
  taskInputText,
  type BookingFacts,
} from './claim-policy';

describe('agentsWanted', () => {
  it('books one agent for single, the panel for consensus, everyone for fan-out', () => {
    expect(agentsWanted('single', undefined, 5)).toBe(1);
    expect(agentsWanted('consensus', undefined, 5)).toBe(3);
    expect(agentsWanted('consensus', 5, 2)).toBe(5);
    expect(agentsWanted('fan_out', undefined, 4)).toBe(4);
  });
});

describe('afterBooking', () => {
  const base: BookingFacts = {
    mode: 'single',
    booked: 1,
    wanted: 1,
    busy: false,
    transient: false,
    waits: 0,
    maxWaits: 3,
  };

  it('proceeds once an agent is booked', () => {
    expect(afterBooking(base)).toBe('proceed');
  });

  it('waits while agents are busy, until the waits run out', () => {
    expect(afterBooking({ ...base, booked: 0, busy: true })).toBe('wait');
    expect(afterBooking({ ...base, booked: 0, transient: true, waits: 2 })).toBe('wait');
    expect(afterBooking({ ...base, booked: 0, busy: true, waits: 3 })).toBe('fail');
  });

  it('fails at once when nobody is busy, only unable', () => {
    expect(afterBooking({ ...base, booked: 0 })).toBe('fail');
  });

  it('does not start a consensus round of one while others are busy', () => {
    const consensus = { ...base, mode: 'consensus' as const, wanted: 3, booked: 1 };
    expect(afterBooking({ ...consensus, busy: true })).toBe('wait');
    // Nobody else could ever join: one agent is the whole panel.
    expect(afterBooking(consensus)).toBe('proceed');
    expect(afterBooking({ ...consensus, booked: 2, busy: true })).toBe('proceed');
    expect(afterBooking({ ...consensus, wanted: 1, busy: true })).toBe('proceed');
  });
});

describe('noAgentMessage', () => {
  const excluded = [
    { name: 'alpha', reason: 'over_budget', detail: 'would cost $0.50' },
    { name: 'beta', reason: 'over_budget', detail: 'would cost $0.70' },
  ];

  it('says over budget when that is why every agent was left out', () => {
    expect(noAgentMessage({ capability: 'summarize', excluded, poolSize: 2, fellBack: 0 })).toBe(
      "over budget: every agent for 'summarize' would exceed the request's budget " +
        '(alpha (would cost $0.50), beta (would cost $0.70))',
    );
  });

  it('names the agent and its error when fallback left nobody', () => {
    expect(
      noAgentMessage({
        capability: 'summarize',
        excluded: [],
        poolSize: 0,
        fellBack: 1,
        lastFailure: { errorKind: 'auth', error: 'HTTP 401', agentName: 'alpha' },
      }),
    ).toBe("auth: HTTP 401 (agent alpha; no other agent offers 'summarize')");
  });

  it('tells an unknown capability from agents that are only busy', () => {
    expect(noAgentMessage({ capability: 'x', excluded: [], poolSize: 0, fellBack: 0 })).toBe(
      "no agent offers 'x'",
    );
    expect(noAgentMessage({ capability: 'x', excluded: [], poolSize: 2, fellBack: 0 })).toBe(
      "no agent can run 'x' now: all are busy",
    );
    expect(
      noAgentMessage({
        capability: 'x',
        excluded: [{ name: 'a', reason: 'at_capacity', detail: '4 of 4 slots in use' }],
        poolSize: 1,
        fellBack: 0,
      }),
    ).toBe("no agent can run 'x' now: a (4 of 4 slots in use)");
  });
});

describe('taskInputText', () => {
  it('passes text through, serialises structure, and falls back to the description', () => {
    expect(taskInputText('hello', 'desc')).toBe('hello');
    expect(taskInputText({ a: 1 }, 'desc')).toBe('{"a":1}');
    expect(taskInputText(null, 'desc')).toBe('desc');
    expect(taskInputText(undefined, 'desc')).toBe('desc');
  });
});

describe('attemptCost', () => {
  const pricing = {
    pricePerCall: 100n,
    priceInputPerMTok: 2_000_000n,
    priceOutputPerMTok: 4_000_000n,
  };

  it("prefers the agent's own figure", () => {
    expect(attemptCost({ ok: true, reportedCostMicros: 7n }, pricing)).toBe(7n);
  });

  it('prices the reported tokens otherwise', () => {
    // 100 + 1,000 × 2 + 500 × 4 micro-dollars.
    expect(attemptCost({ ok: true, usage: { tokensIn: 1000, tokensOut: 500 } }, pricing)).toBe(
      4_100n,
    );
    expect(attemptCost({ ok: true }, pricing)).toBe(100n);
  });

  it('charges nothing for a failed call', () => {
    expect(attemptCost({ ok: false, reportedCostMicros: 9n }, pricing)).toBe(0n);
  });
});
