/**
 * The `webhook` adapter: Baton POSTs a JSON task to the agent's URL and reads a JSON result — the
 * contract is docs/agents/webhook-contract.md. Health: GET the health URL (default: the endpoint
 * URL) and expect a 2xx answer within the timeout. The secret goes as `Authorization: Bearer`.
 */
import { z } from 'zod';
import type { ErrorKind } from '@/lib/engine';
import {
  agentHeaders,
  BodyTooLargeError,
  createDeadline,
  describeNetworkError,
  discardBody,
  displayUrl,
  elapsedSince,
  parseRetryAfter,
  readTextCapped,
  RefusedUrlError,
  safeFetch,
} from './http';
import { invokeFailure, openCall, probeFailure } from './outcomes';
import type { AgentAdapter, InvokeResult, ProbeResult } from './types';

/** A health answer is read (and discarded) up to this size; the status is what counts. */
export const MAX_HEALTH_BODY_BYTES = 64 * 1024;
/** A reply larger than this is refused (`invalid_response`) and its download cancelled. */
export const MAX_WEBHOOK_REPLY_BYTES = 4 * 1024 * 1024;

const TokenCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** The agent's 200 reply (docs/agents/webhook-contract.md). Unknown fields are ignored. */
export const WebhookReplySchema = z
  .object({
    output: z.unknown(),
    text: z.string().optional(),
    usage: z.object({ tokensIn: TokenCount, tokensOut: TokenCount }).optional(),
    /** Micro-dollars: an integer, or a string of digits for amounts beyond 2^53. */
    costMicros: z
      .union([TokenCount, z.string().regex(/^\d{1,20}$/, 'costMicros must be digits')])
      .optional(),
    remoteTaskId: z.string().max(200).optional(),
  })
  .refine((reply) => 'output' in reply && reply.output !== undefined, {
    message: 'output is required',
    path: ['output'],
  });

/** The first zod issue as "path: message", for an operator. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function statusKind(status: number): ErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  // Redirects (not followed for POST) and other 4xx: this agent will not take the call as it is.
  return 'invalid_response';
}

export const webhookAdapter: AgentAdapter<'webhook'> = {
  kind: 'webhook',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    const fail = probeFailure(target.secret, startedAt);
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
  async invoke(target, request): Promise<InvokeResult> {
    const startedAt = performance.now();
    const fail = invokeFailure(target.secret, startedAt);
    const opening = openCall(target.endpointUrl, request.signal, fail);
    if (!opening.ok) return opening.failure;
    const { url, where } = opening;
    const deadline = createDeadline(request.timeoutMs, request.signal);
    try {
      const response = await safeFetch(url, {
        method: 'POST',
        headers: {
          ...agentHeaders(target.config.headers, target.secret),
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': request.idempotencyKey,
          ...(request.traceparent && { traceparent: request.traceparent }),
        },
        body: JSON.stringify({
          taskId: request.taskId,
          attempt: request.attempt,
          idempotencyKey: request.idempotencyKey,
          capability: request.capability,
          input: { text: request.input.text, context: request.input.context ?? null },
        }),
        signal: deadline.signal,
      });
      if (response.status !== 200) {
        await discardBody(response, MAX_HEALTH_BODY_BYTES);
        const kind = statusKind(response.status);
        const hint =
          kind === 'auth'
            ? ": check the agent's secret"
            : response.status >= 300 && response.status < 400
              ? ' (a redirect Baton does not follow for tasks): use the final URL'
              : response.status >= 200 && response.status < 300
                ? ' (the contract requires 200 with a JSON result)'
                : '';
        return fail(
          kind,
          `${where} answered HTTP ${response.status}${hint}.`,
          kind === 'rate_limit' || kind === 'server'
            ? parseRetryAfter(response.headers.get('retry-after'))
            : undefined,
        );
      }
      const raw = await readTextCapped(response, MAX_WEBHOOK_REPLY_BYTES);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return fail('invalid_response', `${where} answered with something that is not JSON.`);
      }
      const parsed = WebhookReplySchema.safeParse(json);
      if (!parsed.success) {
        return fail(
          'invalid_response',
          `${where} answered JSON that breaks the webhook contract (${describeIssue(parsed.error)}).`,
        );
      }
      const reply = parsed.data;
      return {
        ok: true,
        output: reply.output,
        text:
          reply.text ??
          (typeof reply.output === 'string' ? reply.output : JSON.stringify(reply.output)),
        ...(reply.usage ? { usage: reply.usage } : {}),
        ...(reply.costMicros === undefined ? {} : { reportedCostMicros: BigInt(reply.costMicros) }),
        ...(reply.remoteTaskId ? { remoteTaskId: reply.remoteTaskId } : {}),
        latencyMs: elapsedSince(startedAt),
      };
    } catch (error) {
      if (deadline.timedOut) {
        return fail('timeout', describeNetworkError(error, url, deadline.signal) ?? 'Timed out.');
      }
      if (request.signal.aborted) return fail('cancelled', `Cancelled while calling ${where}.`);
      if (error instanceof BodyTooLargeError) {
        return fail(
          'invalid_response',
          `${where} answered with more than allowed: ${error.message}`,
        );
      }
      if (error instanceof RefusedUrlError) return fail('network', error.message);
      return fail(
        'network',
        describeNetworkError(error, url) ?? `Unexpected error calling ${where}.`,
      );
    } finally {
      deadline.dispose();
    }
  },
};
