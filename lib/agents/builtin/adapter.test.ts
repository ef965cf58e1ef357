/** The builtin adapter's invoke: in-process, through runBuiltin. */
import { describe, expect, it } from 'vitest';
import type { AgentTarget, InvokeRequest } from '../types';
import { builtinAdapter } from './adapter';

function target(builtin: AgentTarget<'builtin'>['config']['builtin']): AgentTarget<'builtin'> {
  return {
    id: 'b1',
    name: builtin,
    kind: 'builtin',
    endpointUrl: null,
    config: { builtin },
    secret: null,
  };
}

function request(overrides: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    taskId: 't1',
    attempt: 1,
    idempotencyKey: 't1:1',
    capability: 'calculate',
    input: { text: 'Calculate 15 * 7' },
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    ...overrides,
  };
}

describe('builtinAdapter.invoke', () => {
  it('runs the capability in-process', async () => {
    const result = await builtinAdapter.invoke!(target('calculator'), request());
    expect(result).toMatchObject({ ok: true, output: 105 });
    expect(result.ok && result.text).toContain('105');
  });

  it('reports an aborted signal as cancelled', async () => {
    expect(
      await builtinAdapter.invoke!(target('calculator'), request({ signal: AbortSignal.abort() })),
    ).toMatchObject({ ok: false, errorKind: 'cancelled' });
  });

  it('maps builtin errors to invalid_response with the builtin message', async () => {
    const unknown = await builtinAdapter.invoke!(
      target('calculator'),
      request({ capability: 'summarize' }),
    );
    expect(unknown).toMatchObject({ ok: false, errorKind: 'invalid_response' });
    expect(unknown.ok === false && unknown.error).toMatch(/no capability "summarize"/);
    const bad = await builtinAdapter.invoke!(
      target('calculator'),
      request({ input: { text: 'Calculate the meaning of life' } }),
    );
    expect(bad).toMatchObject({ ok: false, errorKind: 'invalid_response' });
  });
});
