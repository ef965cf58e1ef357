import { describe, expect, it } from 'vitest';
import { agentPageHref, parseAgentPageParams } from './agent-page-params';

describe('parseAgentPageParams', () => {
  it('reads the window and the history page', () => {
    expect(parseAgentPageParams({ window: '7d', historyPage: '3' })).toEqual({
      window: '7d',
      historyPage: 3,
    });
  });

  it('falls back to 24h and page 1 for anything else', () => {
    expect(parseAgentPageParams({ window: '1y', historyPage: 'x' })).toEqual({
      window: '24h',
      historyPage: 1,
    });
    expect(parseAgentPageParams({})).toEqual({ window: '24h', historyPage: 1 });
  });
});

describe('agentPageHref', () => {
  it('leaves defaults out and keeps the other parameter', () => {
    expect(agentPageHref('a1')).toBe('/agents/a1');
    expect(agentPageHref('a1', { window: '24h', historyPage: 1 })).toBe('/agents/a1');
    expect(agentPageHref('a1', { window: '30d', historyPage: 2 })).toBe(
      '/agents/a1?window=30d&historyPage=2',
    );
  });
});
