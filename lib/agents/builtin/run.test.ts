import { describe, expect, it } from 'vitest';
import { BUILTIN_AGENT_NAMES } from '../config';
import { builtinAdapter } from './adapter';
import { BUILTIN_AGENTS } from './catalog';
import { BUILTIN_HANDLERS, BuiltinError, runBuiltin } from './run';

describe('runBuiltin', () => {
  it('has a handler for exactly the capabilities the catalog advertises', () => {
    expect(BUILTIN_AGENTS.map((agent) => agent.name)).toEqual([...BUILTIN_AGENT_NAMES]);
    for (const agent of BUILTIN_AGENTS) {
      expect(
        Object.keys(BUILTIN_HANDLERS[agent.name as keyof typeof BUILTIN_HANDLERS]).sort(),
      ).toEqual(agent.capabilities.map((capability) => capability.name).sort());
    }
  });

  it('runs each catalog example without error', () => {
    const contexts: Record<string, unknown> = {
      calculator: undefined,
      'text-tools': [{ ref: 't1', output: 'Foxes jump. The lazy dog sleeps. Foxes are quick.' }],
      'json-formatter': [{ ref: 't1', capability: 'calculate', output: 105 }],
      synthesizer: [{ ref: 't1', capability: 'calculate', output: 105 }],
    };
    for (const agent of BUILTIN_AGENTS) {
      for (const capability of agent.capabilities) {
        for (const example of capability.examples) {
          const result = runBuiltin(agent.name, capability.name, {
            text: example,
            context: contexts[agent.name],
          });
          expect(JSON.parse(JSON.stringify(result.output)), `${agent.name}: ${example}`).toEqual(
            result.output,
          );
          expect(result.text, `${agent.name}: ${example}`).not.toBe('');
        }
      }
    }
  });

  it('names the problem for an unknown agent, capability or a missing text', () => {
    expect(() => runBuiltin('oracle', 'predict', { text: 'x' })).toThrow(
      /no builtin agent "oracle" \(there are: calculator, text-tools, json-formatter, synthesizer\)/,
    );
    expect(() => runBuiltin('calculator', 'summarize', { text: 'x' })).toThrow(
      /has no capability "summarize" \(it has: calculate\)/,
    );
    expect(() => runBuiltin('calculator', 'toString', { text: 'x' })).toThrow(BuiltinError);
    expect(() => runBuiltin('calculator', 'calculate', {} as never)).toThrow(/must have a text/);
  });
});

describe('builtinAdapter.probe', () => {
  it('passes its in-process self-test for every builtin agent', async () => {
    for (const builtin of BUILTIN_AGENT_NAMES) {
      const result = await builtinAdapter.probe(
        {
          id: builtin,
          name: builtin,
          kind: 'builtin',
          endpointUrl: null,
          config: { builtin },
          secret: null,
        },
        { timeoutMs: 1000 },
      );
      expect(result, builtin).toMatchObject({ ok: true });
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('fails for an unknown builtin, and when cancelled', async () => {
    const target = {
      id: 'x',
      name: 'x',
      kind: 'builtin' as const,
      endpointUrl: null,
      config: { builtin: 'nope' as never },
      secret: null,
    };
    expect(await builtinAdapter.probe(target, { timeoutMs: 1000 })).toMatchObject({
      ok: false,
      error: 'Unknown builtin agent "nope".',
    });
    const aborted = AbortSignal.abort();
    expect(
      await builtinAdapter.probe(
        { ...target, config: { builtin: 'calculator' } },
        { timeoutMs: 1000, signal: aborted },
      ),
    ).toMatchObject({ ok: false, error: 'Cancelled.' });
  });
});
