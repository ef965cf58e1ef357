import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOOP_GUARD_OPTIONS,
  createLoopGuard,
  recordIteration,
  recordLoopCall,
  type GuardedCall,
  type LoopGuardResult,
  type LoopGuardState,
} from './loop-detector';

function callTimes(state: LoopGuardState, call: GuardedCall, times: number): LoopGuardResult {
  let result: LoopGuardResult = { state };
  for (let i = 0; i < times; i++) {
    result = recordLoopCall(result.state, call);
    if (result.stop) return result;
  }
  return result;
}

describe('loop guard', () => {
  it('documents its defaults: 50 attempts, 200 iterations, 3 identical calls', () => {
    expect(DEFAULT_LOOP_GUARD_OPTIONS).toEqual({
      maxAttempts: 50,
      maxIterations: 200,
      maxIdenticalCalls: 3,
    });
    expect(createLoopGuard()).toEqual({
      options: DEFAULT_LOOP_GUARD_OPTIONS,
      attempts: 0,
      iterations: 0,
      identicalCalls: {},
    });
  });

  it('allows 3 identical calls and stops the 4th with a clear reason', () => {
    const call = { agentId: 'a1', agentName: 'calculator', input: { expression: '15 * 7' } };
    const three = callTimes(createLoopGuard(), call, 3);
    expect(three.stop).toBeUndefined();
    const fourth = recordLoopCall(three.state, { ...call, input: { expression: '15 * 7' } });
    expect(fourth.stop).toEqual({
      code: 'identical_calls',
      reason: "agent 'calculator' was called 3 times with the same input: stopping a loop",
    });
    expect(fourth.state).toBe(three.state);
  });

  it('treats key order as the same input, and other inputs or agents as different calls', () => {
    let state = createLoopGuard({ maxIdenticalCalls: 1 });
    state = recordLoopCall(state, { agentId: 'a', input: { x: 1, y: 2 } }).state;
    expect(recordLoopCall(state, { agentId: 'a', input: { y: 2, x: 1 } }).stop?.code).toBe(
      'identical_calls',
    );
    expect(recordLoopCall(state, { agentId: 'a', input: { x: 1, y: 3 } }).stop).toBeUndefined();
    expect(recordLoopCall(state, { agentId: 'b', input: { x: 1, y: 2 } }).stop).toBeUndefined();
  });

  it('names the agent by id when no name is given', () => {
    const state = recordLoopCall(createLoopGuard({ maxIdenticalCalls: 1 }), {
      agentId: 'a1',
      input: 'x',
    }).state;
    expect(recordLoopCall(state, { agentId: 'a1', input: 'x' }).stop?.reason).toContain("'a1'");
  });

  it('caps attempts per request across agents and inputs', () => {
    let state = createLoopGuard();
    for (let i = 0; i < 50; i++) {
      const result = recordLoopCall(state, { agentId: `agent-${i % 5}`, input: i });
      expect(result.stop).toBeUndefined();
      state = result.state;
    }
    expect(recordLoopCall(state, { agentId: 'fresh', input: 'new' }).stop).toEqual({
      code: 'max_attempts',
      reason: 'the request reached its limit of 50 agent calls: stopping',
    });
  });

  it('caps iterations per request', () => {
    let state = createLoopGuard({ maxIterations: 2 });
    state = recordIteration(state).state;
    state = recordIteration(state).state;
    expect(state.iterations).toBe(2);
    expect(recordIteration(state).stop).toEqual({
      code: 'max_iterations',
      reason: 'the request reached its limit of 2 iterations: stopping',
    });
  });

  it('is pure: recording returns a new state and leaves the old one as it was', () => {
    const before = createLoopGuard();
    const after = recordLoopCall(before, { agentId: 'a', input: 'x' }).state;
    expect(before.attempts).toBe(0);
    expect(before.identicalCalls).toEqual({});
    expect(after.attempts).toBe(1);
    expect(JSON.parse(JSON.stringify(after))).toEqual(after);
  });

  it('rejects options that are not positive integers', () => {
    expect(() => createLoopGuard({ maxIdenticalCalls: 0 })).toThrow(RangeError);
    expect(() => createLoopGuard({ maxAttempts: 1.5 })).toThrow(RangeError);
  });
});
