import { describe, expect, it } from 'vitest';
import { AGENT_STATUSES, type AgentStatus } from '../types';
import {
  ALLOWED_TRANSITIONS,
  ROUTING_PREFERENCE,
  isRoutable,
  onInFlightChanged,
  transition,
  type TransitionRequest,
} from './transitions';

/** Issue 4's lifecycle table, written out independently of the implementation. */
const ISSUE_TABLE: Record<AgentStatus, AgentStatus[]> = {
  ACTIVE: ['DEGRADED', 'DRAINING', 'MAINTENANCE', 'INACTIVE', 'FAILED'],
  DEGRADED: ['ACTIVE', 'DRAINING', 'MAINTENANCE', 'INACTIVE', 'FAILED'],
  DRAINING: ['MAINTENANCE', 'ACTIVE'],
  MAINTENANCE: ['ACTIVE', 'FAILED'],
  INACTIVE: ['ACTIVE', 'MAINTENANCE'],
  FAILED: ['MAINTENANCE', 'INACTIVE'],
};

function request(to: AgentStatus, inFlight = 0): TransitionRequest {
  return { to, reason: 'operator request', actor: 'user:alice', inFlight };
}

const MATRIX = AGENT_STATUSES.flatMap((from) =>
  AGENT_STATUSES.map((to) => ({ from, to, allowed: ISSUE_TABLE[from].includes(to) })),
);

describe('transition: the full 6×6 matrix (nothing in flight)', () => {
  it('covers all 36 pairs', () => {
    expect(MATRIX).toHaveLength(36);
  });

  it.each(MATRIX.filter((pair) => pair.allowed))('$from → $to is allowed', ({ from, to }) => {
    const result = transition(from, request(to));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.effects[0]).toEqual({
      type: 'record_transition',
      from,
      to,
      reason: 'operator request',
      actor: 'user:alice',
    });
    // Draining with nothing to drain finishes at once; every other move lands where it was asked.
    expect(result.next).toBe(to === 'DRAINING' ? 'MAINTENANCE' : to);
  });

  it.each(MATRIX.filter((pair) => !pair.allowed && pair.from !== pair.to))(
    '$from → $to is refused as illegal, naming both states and the allowed targets',
    ({ from, to }) => {
      const result = transition(from, request(to));
      expect(result).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
      if (result.ok) return;
      expect(result.message).toContain(`from ${from} to ${to}`);
      for (const target of ISSUE_TABLE[from]) expect(result.message).toContain(target);
    },
  );

  it.each(AGENT_STATUSES)('%s → itself is refused as SAME_STATUS', (status) => {
    const result = transition(status, request(status));
    expect(result).toMatchObject({ ok: false, code: 'SAME_STATUS' });
    if (!result.ok) expect(result.message).toContain(status);
  });

  it('exports exactly the issue table', () => {
    for (const status of AGENT_STATUSES) {
      expect([...ALLOWED_TRANSITIONS[status]].sort()).toEqual([...ISSUE_TABLE[status]].sort());
    }
  });
});

describe('transition: draining before maintenance', () => {
  it.each(['ACTIVE', 'DEGRADED'] as const)(
    'MAINTENANCE from %s with tasks in flight drains first',
    (from) => {
      const result = transition(from, request('MAINTENANCE', 2));
      expect(result).toEqual({
        ok: true,
        next: 'DRAINING',
        effects: [
          {
            type: 'record_transition',
            from,
            to: 'DRAINING',
            reason: 'operator request',
            actor: 'user:alice',
          },
          { type: 'drain_then_maintenance', inFlight: 2 },
        ],
      });
    },
  );

  it('MAINTENANCE from ACTIVE with nothing in flight goes straight there', () => {
    const result = transition('ACTIVE', request('MAINTENANCE', 0));
    expect(result).toMatchObject({ ok: true, next: 'MAINTENANCE' });
    if (result.ok) expect(result.effects).toHaveLength(1);
  });

  it('DRAINING with nothing in flight records both steps and ends in MAINTENANCE', () => {
    const result = transition('ACTIVE', request('DRAINING', 0));
    expect(result.ok && result.effects.map((e) => e.type === 'record_transition' && e.to)).toEqual([
      'DRAINING',
      'MAINTENANCE',
    ]);
  });

  it('refuses MAINTENANCE for an agent still draining, explaining that it will get there itself', () => {
    const result = transition('DRAINING', request('MAINTENANCE', 3));
    expect(result).toMatchObject({ ok: false, code: 'DRAIN_IN_PROGRESS' });
    if (!result.ok) expect(result.message).toContain('3 task(s) in flight');
  });

  it('lets an operator call a drain off (DRAINING → ACTIVE) while tasks run', () => {
    expect(transition('DRAINING', request('ACTIVE', 3))).toMatchObject({
      ok: true,
      next: 'ACTIVE',
    });
  });

  it('onInFlightChanged enters MAINTENANCE when the last task finishes, as the system', () => {
    expect(onInFlightChanged('DRAINING', 1)).toBeNull();
    expect(onInFlightChanged('DRAINING', 0)).toEqual({
      ok: true,
      next: 'MAINTENANCE',
      effects: [
        {
          type: 'record_transition',
          from: 'DRAINING',
          to: 'MAINTENANCE',
          reason: 'Drain complete: no tasks in flight',
          actor: 'system',
        },
      ],
    });
  });

  it.each(AGENT_STATUSES.filter((status) => status !== 'DRAINING'))(
    'onInFlightChanged leaves a %s agent alone',
    (status) => {
      expect(onInFlightChanged(status, 0)).toBeNull();
    },
  );
});

describe('transition: other rules', () => {
  it.each([-1, 1.5, Number.NaN])('rejects an in-flight count of %s', (inFlight) => {
    expect(transition('ACTIVE', request('INACTIVE', inFlight))).toMatchObject({
      ok: false,
      code: 'INVALID_IN_FLIGHT',
    });
  });

  it.each(['MAINTENANCE', 'INACTIVE'] as const)(
    'returning to ACTIVE from %s resets health counters and the breaker',
    (from) => {
      const result = transition(from, request('ACTIVE'));
      expect(result.ok && result.effects.at(-1)).toEqual({ type: 'reset_health' });
    },
  );

  it('DEGRADED → ACTIVE keeps health counters (the agent never left service)', () => {
    const result = transition('DEGRADED', request('ACTIVE'));
    expect(result.ok && result.effects.map((effect) => effect.type)).toEqual(['record_transition']);
  });
});

describe('routing eligibility', () => {
  it('offers new work to ACTIVE first, DEGRADED as a fallback, and nobody else', () => {
    expect(AGENT_STATUSES.filter(isRoutable)).toEqual(['ACTIVE', 'DEGRADED']);
    expect(ROUTING_PREFERENCE.ACTIVE).toBeGreaterThan(ROUTING_PREFERENCE.DEGRADED);
    expect(isRoutable('DRAINING')).toBe(false);
  });
});
