import { describe, expect, it } from 'vitest';
import { actorLabelsOf, uptimeRatiosOf } from './agent-list';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 5, 12);

describe('uptimeRatiosOf', () => {
  it('computes each agent from its own transitions only', () => {
    const agents = [
      { id: 'a', createdAt: new Date(NOW - 48 * HOUR) },
      { id: 'b', createdAt: new Date(NOW - 48 * HOUR) },
      { id: 'c', createdAt: new Date(NOW - 48 * HOUR) },
    ];
    const ratios = uptimeRatiosOf(
      agents,
      [
        // a: active before the window, failed for the last 6 of 24 hours.
        { agentId: 'a', to: 'ACTIVE', at: NOW - 48 * HOUR },
        { agentId: 'a', to: 'FAILED', at: NOW - 6 * HOUR },
        // b: active throughout.
        { agentId: 'b', to: 'ACTIVE', at: NOW - 48 * HOUR },
        // c: in maintenance the whole window — nothing to count.
        { agentId: 'c', to: 'MAINTENANCE', at: NOW - 30 * HOUR },
      ],
      '24h',
      NOW,
    );
    expect(ratios.get('a')).toBeCloseTo(0.75);
    expect(ratios.get('b')).toBe(1);
    expect(ratios.get('c')).toBeNull();
  });

  it('counts an agent registered inside the window only from its registration', () => {
    const ratios = uptimeRatiosOf(
      [{ id: 'new', createdAt: new Date(NOW - 2 * HOUR) }],
      [
        { agentId: 'new', to: 'ACTIVE', at: NOW - 2 * HOUR },
        { agentId: 'new', to: 'FAILED', at: NOW - HOUR },
      ],
      '24h',
      NOW,
    );
    expect(ratios.get('new')).toBeCloseTo(0.5);
  });
});

describe('actorLabelsOf', () => {
  it('names users by email, tokens by name and system actors in words', () => {
    const labels = actorLabelsOf(
      ['user:u1', 'user:gone', 'token:t1', 'health_check', 'system', 'budget'],
      new Map([['u1', 'ops@example.com']]),
      new Map([['t1', 'CI']]),
    );
    expect(Object.fromEntries(labels)).toEqual({
      'user:u1': 'ops@example.com',
      'user:gone': 'user:gone',
      'token:t1': 'API token “CI”',
      health_check: 'Health check',
      system: 'System',
      budget: 'Budget rule',
    });
  });
});
