/**
 * The `builtin` adapter: the agent runs inside Baton, so the probe is an in-process self-test —
 * a known input through the real capability code, checked against the known answer.
 */
import { elapsedSince } from '../http';
import type { AgentAdapter, ProbeResult } from '../types';
import { BUILTIN_SELF_TESTS, runBuiltin } from './run';

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
};
