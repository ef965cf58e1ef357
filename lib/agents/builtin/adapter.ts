/**
 * The `builtin` adapter: the agent runs inside Baton, so the probe is an in-process self-test —
 * a known input through the real capability code, checked against the known answer — and `invoke`
 * calls the same code (runBuiltin) directly.
 *
 * Builtins are synchronous and fast, so a running one cannot be interrupted: the abort signal is
 * checked before and after the run (an aborted call reports `cancelled` and its result is dropped),
 * and a run that overran `timeoutMs` reports `timeout`.
 *
 * Failure mapping: every error a builtin raises (BuiltinError BAD_INPUT / UNKNOWN_AGENT /
 * UNKNOWN_CAPABILITY, or an unexpected exception) is `invalid_response`. The builtin did answer,
 * but with no usable result, and the same input would fail the same way again — so a retry on this
 * agent is pointless, while another candidate might manage (RETRY_CLASS: `fallback`). `server`
 * would trigger useless backoff retries of deterministic code.
 */
import { elapsedSince } from '../http';
import type { AgentAdapter, InvokeResult, ProbeResult } from '../types';
import { BuiltinError, BUILTIN_SELF_TESTS, runBuiltin } from './run';

export const builtinAdapter: AgentAdapter<'builtin'> = {
  kind: 'builtin',
  async probe(target, { signal }): Promise<ProbeResult> {
    const startedAt = performance.now();
    if (signal?.aborted) return { ok: false, latencyMs: 0, error: 'Cancelled.' };
    const name = target.config.builtin;
    const test = BUILTIN_SELF_TESTS[name];
    if (!test) {
      return {
        ok: false,
        latencyMs: elapsedSince(startedAt),
        error: `Unknown builtin agent "${name}".`,
      };
    }
    try {
      const result = runBuiltin(name, test.capability, test.input);
      if (!test.expect(result)) {
        return {
          ok: false,
          latencyMs: elapsedSince(startedAt),
          error: `Self-test of ${name}.${test.capability} gave a wrong answer: ${result.text.slice(0, 100)}`,
        };
      }
      return { ok: true, latencyMs: elapsedSince(startedAt) };
    } catch (error) {
      return {
        ok: false,
        latencyMs: elapsedSince(startedAt),
        error: `Self-test of ${name}.${test.capability} failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  },
  async invoke(target, { capability, input, signal, timeoutMs }): Promise<InvokeResult> {
    const startedAt = performance.now();
    const cancelled = (): InvokeResult => ({
      ok: false,
      errorKind: 'cancelled',
      error: 'Cancelled.',
      latencyMs: elapsedSince(startedAt),
    });
    if (signal.aborted) return cancelled();
    const name = target.config.builtin;
    try {
      const result = runBuiltin(name, capability, input);
      // Results leave the process (database, other agents): refuse what JSON cannot carry.
      JSON.stringify(result.output);
      if (signal.aborted) return cancelled();
      const latencyMs = elapsedSince(startedAt);
      if (latencyMs > timeoutMs) {
        return {
          ok: false,
          errorKind: 'timeout',
          error: `Timed out after ${timeoutMs} ms: ${name}.${capability} took ${latencyMs} ms.`,
          latencyMs,
        };
      }
      return { ok: true, output: result.output, text: result.text, latencyMs };
    } catch (error) {
      if (signal.aborted) return cancelled();
      const message =
        error instanceof BuiltinError
          ? error.message
          : `${name}.${capability} failed: ${error instanceof Error ? error.message : String(error)}`;
      return {
        ok: false,
        errorKind: 'invalid_response',
        error: message.length > 300 ? `${message.slice(0, 299)}…` : message,
        latencyMs: elapsedSince(startedAt),
      };
    }
  },
};
