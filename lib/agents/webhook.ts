/**
 * The `webhook` adapter: Baton POSTs a JSON task to the agent's URL and reads a JSON result (the
 * contract arrives with `invoke`). Health: GET the health URL (default: the endpoint URL) and expect
 * a 2xx answer within the timeout. The secret goes as `Authorization: Bearer`.
 */
import {
  agentHeaders,
  createDeadline,
  describeNetworkError,
  discardBody,
  displayUrl,
  elapsedSince,
  sanitizeMessage,
  safeFetch,
} from './http';
import type { AgentAdapter, ProbeResult } from './types';

/** A health answer is read (and discarded) up to this size; the status is what counts. */
export const MAX_HEALTH_BODY_BYTES = 64 * 1024;

export const webhookAdapter: AgentAdapter<'webhook'> = {
  kind: 'webhook',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    const fail = (message: string): ProbeResult => ({
      ok: false,
      latencyMs: elapsedSince(startedAt),
      error: sanitizeMessage(message, target.secret),
    });
    const url = target.config.healthUrl ?? target.endpointUrl;
    if (!url) return fail('The agent has no URL.');
    const deadline = createDeadline(timeoutMs, signal);
    try {
      const response = await safeFetch(url, {
        method: 'GET',
        headers: {
          Accept: 'application/json, */*',
          ...agentHeaders(target.config.headers, target.secret),
        },
        signal: deadline.signal,
      });
      // Reading the (capped) body is part of the check: a server that sends headers and then hangs
      // runs into the deadline.
      await discardBody(response, MAX_HEALTH_BODY_BYTES);
      if (deadline.signal.aborted) {
        return fail(describeNetworkError(null, url, deadline.signal) ?? 'Cancelled.');
      }
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, latencyMs: elapsedSince(startedAt) };
      }
      const where = displayUrl(url);
      if (response.status >= 300 && response.status < 400) {
        return fail(
          `${where} answered HTTP ${response.status} (a redirect Baton did not follow): use the final URL.`,
        );
      }
      const hint =
        response.status === 401 || response.status === 403 ? ": check the agent's secret" : '';
      return fail(`${where} answered HTTP ${response.status}${hint}.`);
    } catch (error) {
      return fail(
        describeNetworkError(error, url, deadline.signal) ??
          `Unexpected error calling ${displayUrl(url)}.`,
      );
    } finally {
      deadline.dispose();
    }
  },
};
