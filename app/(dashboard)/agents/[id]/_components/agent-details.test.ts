import { describe, expect, it } from 'vitest';
import { describeConfig } from './agent-details';

describe('describeConfig', () => {
  it('shows an OpenAI agent’s model and probe', () => {
    expect(describeConfig('openai', { model: 'gpt-4o-mini', probe: 'completion' })).toEqual([
      { label: 'Model', value: 'gpt-4o-mini' },
      { label: 'Health probe', value: 'One-token completion' },
    ]);
  });

  it('names the builtin and the webhook health URL', () => {
    expect(describeConfig('builtin', { builtin: 'calculator' })).toEqual([
      { label: 'Builtin', value: 'Calculator' },
    ]);
    expect(describeConfig('webhook', {})).toEqual([
      { label: 'Health URL', value: 'The endpoint URL' },
    ]);
  });

  it('shows header names only, and nothing for a config that does not parse', () => {
    expect(describeConfig('a2a', { headers: { 'X-Team': 'ops' } })).toEqual([
      { label: 'Canary message', value: 'Off' },
      { label: 'Extra headers', value: 'X-Team' },
    ]);
    expect(describeConfig('openai', { model: 42 })).toEqual([]);
  });
});
