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
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { OpenAIConfig } from './config';
import {
  createDeadline,
  describeNetworkError,
  displayUrl,
  elapsedSince,
  readTextCapped,
  RefusedUrlError,
  safeFetch,
  sanitizeMessage,
} from './http';
import type { AgentAdapter, ProbeResult } from './types';

/** Sent as the API key when the agent has no secret (Ollama and most local servers need none). */
export const NO_API_KEY = 'no-key';
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** The SDK's own timeout sits just past Baton's deadline, so Baton's message wins. */
const SDK_TIMEOUT_SLACK_MS = 1_000;

/** The SDK's fetch: safe URLs only (no redirects to refused hosts), capped non-streaming bodies. */
const openAIFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : input;
  const response = await safeFetch(url, init);
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
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

export const openaiAdapter: AgentAdapter<'openai'> = {
  kind: 'openai',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    const fail = (message: string): ProbeResult => ({
      ok: false,
      latencyMs: elapsedSince(startedAt),
      error: sanitizeMessage(message, target.secret),
    });
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
};
