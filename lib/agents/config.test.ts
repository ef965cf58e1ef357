import { describe, expect, it } from 'vitest';
import { BUILTIN_AGENTS } from './builtin/catalog';
import { AGENT_CONFIG_SCHEMAS, BUILTIN_AGENT_NAMES, parseAgentConfig } from './config';

function issues(kind: keyof typeof AGENT_CONFIG_SCHEMAS, value: unknown): string[] {
  const result = AGENT_CONFIG_SCHEMAS[kind].safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('agent config schemas', () => {
  it('parses each kind', () => {
    expect(parseAgentConfig('a2a', { canary: true, headers: { 'X-Team': 'ops' } })).toEqual({
      canary: true,
      headers: { 'X-Team': 'ops' },
    });
    expect(parseAgentConfig('a2a', null)).toEqual({});
    expect(parseAgentConfig('openai', { model: ' llama3 ', probe: 'completion' })).toEqual({
      model: 'llama3',
      probe: 'completion',
    });
    expect(parseAgentConfig('webhook', { healthUrl: 'http://localhost:8080/health' })).toEqual({
      healthUrl: 'http://localhost:8080/health',
    });
    expect(parseAgentConfig('builtin', { builtin: 'calculator' })).toEqual({
      builtin: 'calculator',
    });
  });

  it('knows exactly the builtin agents of the catalog', () => {
    expect([...BUILTIN_AGENT_NAMES]).toEqual(BUILTIN_AGENTS.map((agent) => agent.name));
    expect(issues('builtin', { builtin: 'oracle' })).toEqual([
      'Choose one of: calculator, text-tools, json-formatter, synthesizer.',
    ]);
  });

  it('keeps credentials out of plain-text headers, and refuses header injection', () => {
    expect(issues('a2a', { headers: { Authorization: 'Bearer x' } })[0]).toMatch(
      /Put credentials in the agent's secret/,
    );
    expect(issues('webhook', { headers: { 'X-A': 'ok\r\nX-Injected: 1' } })).toEqual([
      'Header values cannot contain line breaks.',
    ]);
    expect(issues('webhook', { headers: { 'Bad Name': 'x' } })).toHaveLength(1);
  });

  it('validates the webhook health URL like any agent URL, and requires a model', () => {
    expect(issues('webhook', { healthUrl: 'http://169.254.169.254/' })[0]).toMatch(/Link-local/);
    expect(issues('openai', {})).toHaveLength(1);
    expect(issues('openai', { model: 'gpt-4o', probe: 'ping' })).toHaveLength(1);
  });

  it("lets an a2a agent turn streaming off, and defaults to the card's word", () => {
    expect(parseAgentConfig('a2a', {}).streaming).toBeUndefined();
    expect(parseAgentConfig('a2a', { streaming: 'off' })).toEqual({ streaming: 'off' });
    expect(parseAgentConfig('a2a', { streaming: 'auto' })).toEqual({ streaming: 'auto' });
    expect(issues('a2a', { streaming: true })).toHaveLength(1);
  });
});
