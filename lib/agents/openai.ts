/**
 * The `openai` adapter: any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM,
 * LM Studio, …) through the official `openai` SDK. The agent's endpoint URL is the SDK's `baseURL`
 * (it usually ends in `/v1`), its secret the API key.
 *
 * The SDK reads OPENAI_* environment variables for anything not passed explicitly; Baton passes
 * every credential-like option (null where unused) so the process environment never leaks into a
 * request to an operator-supplied URL.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { ErrorKind } from '@/lib/engine';
import type { OpenAIConfig } from './config';
import {
  BodyTooLargeError,
  capResponseBody,
  createDeadline,
  describeNetworkError,
  displayUrl,
  elapsedSince,
  parseRetryAfter,
  readTextCapped,
  RefusedUrlError,
  safeFetch,
} from './http';
import { invokeFailure, openCall, probeFailure } from './outcomes';
import type { AgentAdapter, AgentTarget, InvokeRequest, InvokeResult, ProbeResult } from './types';

/** Sent as the API key when the agent has no secret (Ollama and most local servers need none). */
export const NO_API_KEY = 'no-key';
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** The SDK's own timeout sits just past Baton's deadline, so Baton's message wins. */
const SDK_TIMEOUT_SLACK_MS = 1_000;

/**
 * The SDK's fetch: safe URLs only (no redirects to refused hosts), capped bodies. An event stream
 * is capped as it is read (the SDK reads a stream it asked for incrementally, and one it did not
 * ask for whole, with `text()`): either way no more than MAX_RESPONSE_BYTES is ever taken in.
 */
const openAIFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : input;
  const response = await safeFetch(url, init);
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return capResponseBody(response, MAX_RESPONSE_BYTES);
  }
  const body = await readTextCapped(response, MAX_RESPONSE_BYTES);
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}) satisfies (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function createOpenAIClient(
  baseURL: string,
  secret: string | null,
  options: { timeoutMs?: number } = {},
): OpenAI {
  return new OpenAI({
    baseURL,
    apiKey: secret ?? NO_API_KEY,
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: openAIFetch,
  });
}

/** Short operator-facing text for an SDK error ("authentication failed", "connection refused", …). */
export function describeOpenAIError(
  error: unknown,
  baseURL: string,
  context: { signal?: AbortSignal; model?: string } = {},
): string {
  const where = displayUrl(baseURL);
  if (error instanceof APIUserAbortError || context.signal?.aborted) {
    return (
      describeNetworkError(error, baseURL, context.signal) ?? `Cancelled while calling ${where}.`
    );
  }
  if (error instanceof APIConnectionTimeoutError) return `Timed out waiting for ${where}.`;
  if (error instanceof APIConnectionError) {
    if (error.cause instanceof RefusedUrlError) return error.cause.message;
    return describeNetworkError(error.cause ?? error, baseURL) ?? `Could not connect to ${where}.`;
  }
  if (error instanceof AuthenticationError) {
    return `Authentication failed at ${where} (HTTP 401): check the agent's API key.`;
  }
  if (error instanceof PermissionDeniedError) {
    return `Permission denied at ${where} (HTTP 403): the API key may not use this model.`;
  }
  if (error instanceof NotFoundError) {
    return `Not found at ${where} (HTTP 404): check the URL (it usually ends in /v1)${
      context.model ? ` and that the model "${context.model}" exists` : ''
    }.`;
  }
  if (error instanceof RateLimitError) return `Rate limited by ${where} (HTTP 429).`;
  if (error instanceof BadRequestError) {
    return `Rejected by ${where} (HTTP 400): ${remoteMessage(error)}`;
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return error.status >= 500
      ? `Server error at ${where} (HTTP ${error.status}).`
      : `Unexpected answer from ${where} (HTTP ${error.status}): ${remoteMessage(error)}`;
  }
  return describeNetworkError(error, baseURL) ?? `Unexpected error calling ${where}.`;
}

/** The API's own error message (e.g. "model 'x' not found, try pulling it first"), shortened. */
function remoteMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : 'no details';
  return message.slice(0, 200);
}

/** `llama3` is served as `llama3:latest` by Ollama. */
function servesModel(ids: readonly string[], model: string): boolean {
  return ids.some((id) => id === model || id === `${model}:latest` || `${id}:latest` === model);
}

async function probeModels(
  client: OpenAI,
  config: OpenAIConfig,
  signal: AbortSignal,
): Promise<string | null> {
  const page = await client.models.list({ signal });
  const ids = page.data.map((model) => model.id);
  if (ids.length === 0 || servesModel(ids, config.model)) return null;
  const shown = ids.slice(0, 5).join(', ');
  return `The model "${config.model}" is not served here (available: ${shown}${ids.length > 5 ? ', …' : ''}).`;
}

async function probeCompletion(
  client: OpenAI,
  config: OpenAIConfig,
  signal: AbortSignal,
): Promise<string | null> {
  const messages = [{ role: 'user' as const, content: 'ping' }];
  try {
    await client.chat.completions.create(
      { model: config.model, messages, max_tokens: 1 },
      { signal },
    );
  } catch (error) {
    // Newer OpenAI models refuse `max_tokens` and want `max_completion_tokens`; older local servers
    // only know the former. Try the other one once.
    if (error instanceof BadRequestError && /max_completion_tokens/.test(remoteMessage(error))) {
      await client.chat.completions.create(
        { model: config.model, messages, max_completion_tokens: 1 },
        { signal },
      );
      return null;
    }
    throw error;
  }
  return null;
}

/**
 * The ErrorKind of a failed chat completion. `timedOut`: Baton's own deadline fired; `cancelled`:
 * the caller aborted. Other 4xx (bad request, unknown model) and malformed answers are
 * `invalid_response`: this agent cannot serve the call as it is, another candidate may.
 */
export function openAIErrorKind(
  error: unknown,
  state: { timedOut: boolean; cancelled: boolean },
): ErrorKind {
  if (state.timedOut || error instanceof APIConnectionTimeoutError) return 'timeout';
  if (state.cancelled || error instanceof APIUserAbortError) return 'cancelled';
  if (tooLarge(error)) return 'invalid_response';
  if (error instanceof APIConnectionError) return 'network';
  if (error instanceof RateLimitError) return 'rate_limit';
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return 'auth';
  if (error instanceof InternalServerError) return 'server';
  if (error instanceof APIError && typeof error.status === 'number') {
    if (error.status >= 500) return 'server';
    if (error.status === 408) return 'timeout';
    if (error.status === 429) return 'rate_limit';
  }
  return 'invalid_response';
}

/** The BodyTooLargeError behind an error: thrown by the capped fetch, or by a capped body read. */
function tooLarge(error: unknown, depth = 0): BodyTooLargeError | null {
  if (error instanceof BodyTooLargeError) return error;
  if (!(error instanceof Error) || depth > 3) return null;
  return tooLarge(error.cause, depth + 1);
}

/** Retry-After (or OpenAI's `retry-after-ms`) of an API error, in milliseconds. */
function errorRetryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof APIError) || !error.headers) return undefined;
  const ms = Number(error.headers.get('retry-after-ms'));
  if (error.headers.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  return parseRetryAfter(error.headers.get('retry-after'));
}

/** The user message: the task text, then its dependencies' results as JSON when there are any. */
export function userMessage(input: InvokeRequest['input']): string {
  if (input.context === undefined || input.context === null) return input.text;
  return `${input.text}\n\nContext (JSON):\n${JSON.stringify(input.context)}`;
}

const tokenCount = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

async function invokeCompletion(
  target: AgentTarget<'openai'>,
  request: InvokeRequest,
): Promise<InvokeResult> {
  const startedAt = performance.now();
  const fail = invokeFailure(target.secret, startedAt);
  const opening = openCall(target.endpointUrl, request.signal, fail);
  if (!opening.ok) return opening.failure;
  const { url: baseURL, where } = opening;
  const deadline = createDeadline(request.timeoutMs, request.signal);
  const { model, systemPrompt } = target.config;
  try {
    const client = createOpenAIClient(baseURL, target.secret, {
      timeoutMs: request.timeoutMs + SDK_TIMEOUT_SLACK_MS,
    });
    const completion: unknown = await client.chat.completions.create(
      {
        model,
        messages: [
          ...(systemPrompt ? [{ role: 'system' as const, content: systemPrompt }] : []),
          { role: 'user' as const, content: userMessage(request.input) },
        ],
      },
      {
        signal: deadline.signal,
        headers: {
          'Idempotency-Key': request.idempotencyKey,
          ...(request.traceparent && { traceparent: request.traceparent }),
        },
      },
    );
    // The SDK does not validate the body: check the shape before trusting it.
    const body = (completion ?? {}) as {
      id?: unknown;
      choices?: { message?: { content?: unknown; refusal?: unknown } }[];
      usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
    };
    const message = Array.isArray(body.choices) ? body.choices[0]?.message : undefined;
    if (!message || typeof message !== 'object') {
      return fail('invalid_response', `${where} answered without a completion choice.`);
    }
    if (typeof message.content !== 'string') {
      const refusal =
        typeof message.refusal === 'string' ? `: ${message.refusal.slice(0, 200)}` : '';
      return fail('invalid_response', `${where} answered without text content${refusal}.`);
    }
    const tokensIn = tokenCount(body.usage?.prompt_tokens);
    const tokensOut = tokenCount(body.usage?.completion_tokens);
    return {
      ok: true,
      output: message.content,
      text: message.content,
      ...(tokensIn !== undefined || tokensOut !== undefined
        ? { usage: { tokensIn: tokensIn ?? 0, tokensOut: tokensOut ?? 0 } }
        : {}),
      ...(typeof body.id === 'string' && body.id ? { remoteTaskId: body.id.slice(0, 200) } : {}),
      latencyMs: elapsedSince(startedAt),
    };
  } catch (error) {
    const kind = openAIErrorKind(error, {
      timedOut: deadline.timedOut,
      cancelled: request.signal.aborted,
    });
    let text: string;
    if (kind === 'invalid_response' && !(error instanceof APIError)) {
      const large = tooLarge(error);
      text = large
        ? `${where} answered with more than allowed: ${large.message}`
        : `${where} answered with something that is not a chat completion.`;
    } else {
      text = describeOpenAIError(error, baseURL, { signal: deadline.signal, model });
    }
    return fail(
      kind,
      text,
      kind === 'rate_limit' || kind === 'server' ? errorRetryAfterMs(error) : undefined,
    );
  } finally {
    deadline.dispose();
  }
}

export const openaiAdapter: AgentAdapter<'openai'> = {
  kind: 'openai',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    const fail = probeFailure(target.secret, startedAt);
    if (!target.endpointUrl) return fail('The agent has no URL.');
    const deadline = createDeadline(timeoutMs, signal);
    try {
      const client = createOpenAIClient(target.endpointUrl, target.secret, {
        timeoutMs: timeoutMs + SDK_TIMEOUT_SLACK_MS,
      });
      const probe = target.config.probe === 'completion' ? probeCompletion : probeModels;
      const problem = await probe(client, target.config, deadline.signal);
      if (problem) return fail(problem);
      return { ok: true, latencyMs: elapsedSince(startedAt) };
    } catch (error) {
      return fail(
        describeOpenAIError(error, target.endpointUrl, {
          signal: deadline.signal,
          model: target.config.model,
        }),
      );
    } finally {
      deadline.dispose();
    }
  },
  invoke: invokeCompletion,
};
