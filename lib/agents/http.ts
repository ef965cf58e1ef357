/**
 * Shared plumbing for adapters that speak HTTP: one deadline per operation, bounded response
 * bodies, and short error messages that name the problem (refused, not found, timed out) without
 * leaking secrets or echoing whatever a remote server put in its error page.
 */

import { checkUrlHost, findRefusedAddress, guardedDispatcher } from '@/lib/http/ssrf';
import { validateAgentUrl } from './url';

/** An abort signal that fires on the caller's signal or after `timeoutMs`, whichever comes first. */
export interface Deadline {
  signal: AbortSignal;
  timeoutMs: number;
  /** True when the deadline (not the caller) aborted. */
  readonly timedOut: boolean;
  /** Clears the timer; call in `finally`. */
  dispose(): void;
}

export function createDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
  // DOMException is an Error subclass in Node 20, so isTimeoutError() recognizes the reason.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`Timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    timeoutMs,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The response is larger than ${formatBytes(maxBytes)}.`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a response body as text, refusing (and cancelling the download) past `maxBytes`: a
 * misbehaving or hostile server cannot make Baton buffer an unbounded body.
 */
export async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The response with its body bounded: a stream that errors with BodyTooLargeError (and cancels the
 * download) once more than `maxBytes` went through. For bodies read incrementally (event streams),
 * where readTextCapped would wait for the end.
 */
export function capResponseBody(response: Response, maxBytes: number): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  let size = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => {});
          return controller.error(new BodyTooLargeError(maxBytes));
        }
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Discards a body we do not need, reading at most `maxBytes` of it (so the connection is reused). */
export async function discardBody(response: Response, maxBytes = 64 * 1024): Promise<void> {
  try {
    await readTextCapped(response, maxBytes);
  } catch {
    // Too large or broken: it is being discarded anyway.
  }
}

/** `https://host:port/path` — no query string (it may hold tokens), no credentials. */
export function displayUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return String(url).slice(0, 200);
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the response body stalled',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  EPROTO: 'TLS handshake failed',
};

/** The first system/undici error code found along an error's `cause` chain (and in AggregateErrors). */
export function networkErrorCode(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code in NETWORK_CODES) return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) {
    for (const inner of nested) {
      const found = networkErrorCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return networkErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * A short message for a failed request: "Timed out after 5000 ms waiting for http://…",
 * "Could not connect to http://… (connection refused)." — or null when the error is not a network
 * failure (the caller then describes it itself). `signal` is the one the request ran under: a
 * deadline from createDeadline aborts it with a TimeoutError that says how long it waited.
 */
export function describeNetworkError(
  error: unknown,
  url: string | URL,
  signal?: AbortSignal,
): string | null {
  const where = displayUrl(url);
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  if (isTimeoutError(reason) || isTimeoutError(error)) {
    const text = [reason, error].find(isTimeoutError)?.message ?? '';
    const waited = /after \d+ ms/.exec(text)?.[0];
    return `Timed out${waited ? ` ${waited}` : ''} waiting for ${where}.`;
  }
  if (signal?.aborted || isAbortError(error)) return `Cancelled while calling ${where}.`;
  if (error instanceof RefusedUrlError) return error.message;
  const code = networkErrorCode(error);
  if (code) return `Could not connect to ${where} (${NETWORK_CODES[code]}).`;
  if (error instanceof TypeError && /fetch failed|network/i.test(error.message)) {
    return `Could not connect to ${where}.`;
  }
  if (error instanceof BodyTooLargeError)
    return `${where} answered with more than allowed: ${error.message}`;
  return null;
}

function isTimeoutError(value: unknown): value is Error {
  return value instanceof Error && value.name === 'TimeoutError';
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Removes the secret from a message that may contain text from a remote server (which could echo
 * the Authorization header back), and bounds its length.
 */
export function sanitizeMessage(message: string, secret: string | null, maxLength = 300): string {
  let text = message.replace(/\s+/g, ' ').trim();
  if (secret && secret.length >= 4) text = text.split(secret).join('[redacted]');
  text = text.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, 'Bearer [redacted]');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Headers for a request to an agent: the configured non-secret ones, then the bearer secret. */
export function agentHeaders(
  configured: Record<string, string> | undefined,
  secret: string | null,
): Record<string, string> {
  const headers: Record<string, string> = { ...configured };
  if (secret) headers.Authorization = `Bearer ${secret}`;
  return headers;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

export function elapsedSince(startedAt: number): number {
  return Math.max(0, Math.round(performance.now() - startedAt));
}

/** A URL validateAgentUrl refuses, met at call time (a stored URL, a card's interface, a redirect). */
export class RefusedUrlError extends Error {
  constructor(url: string, reason: string) {
    super(`Refused to call ${displayUrl(url)}: ${reason}`);
    this.name = 'RefusedUrlError';
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const STALE_SOCKET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

/**
 * A pooled keep-alive connection to an agent that restarted fails on first use; a GET (safe to
 * repeat) is retried once on a fresh connection, so a health check after a restart reports the
 * agent's real state rather than the dead socket.
 */
async function fetchRetryingStaleSocket(url: string, init: RequestInit): Promise<Response> {
  // Connect-time SSRF guard (ADR 0050): the dispatcher refuses private addresses after DNS.
  const guarded = { ...init, dispatcher: guardedDispatcher() } as RequestInit;
  try {
    return await fetch(url, guarded);
  } catch (error) {
    const refused = findRefusedAddress(error);
    if (refused) throw new RefusedUrlError(url, refused.reason);
    const code = networkErrorCode(error);
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'GET' || init.signal?.aborted || !code || !STALE_SOCKET_CODES.has(code)) {
      throw error;
    }
    return fetch(url, guarded);
  }
}

/**
 * `fetch` for agent traffic: every URL, including each redirect target, must pass validateAgentUrl
 * (a redirect is the classic way around an SSRF check). GET requests follow up to `maxRedirects`
 * redirects, dropping the Authorization header when one leaves the origin, and are retried once on
 * a stale pooled connection; other methods never follow redirects (the 3xx comes back to the
 * caller, who reports it).
 */
export async function safeFetch(
  input: string | URL,
  init: RequestInit = {},
  maxRedirects = 3,
): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  let url = typeof input === 'string' ? input : input.href;
  for (let hop = 0; ; hop += 1) {
    const check = validateAgentUrl(url);
    if (!check.ok) throw new RefusedUrlError(url, check.message);
    await checkUrlHost(check.url).catch((error: unknown) => {
      throw new RefusedUrlError(url, findRefusedAddress(error)?.reason ?? String(error));
    });
    const response = await fetchRetryingStaleSocket(url, { ...init, headers, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || !location || method !== 'GET') return response;
    if (hop >= maxRedirects) return response;
    await discardBody(response);
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) headers.delete('authorization');
    url = next.href;
  }
}

/**
 * A `Retry-After` header (delay in seconds, or an HTTP date) in milliseconds; undefined when
 * absent or unreadable. Capped at one day so a hostile value cannot park a task forever.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), 24 * 60 * 60 * 1000);
}
