/**
 * The failures every adapter returns, built in one place: classified, never carrying the agent's
 * secret, timed from the start of the call. Adapters used to open each call with their own copy
 * of these closures (issue 14).
 */
import type { ErrorKind } from '@/lib/engine';
import { displayUrl, elapsedSince, sanitizeMessage } from './http';
import type { ImportedCard, InvokeFailure, ProbeResult, RemoteCancelOutcome } from './types';

/** What a failure carries besides its kind and message, read when the failure is built. */
export interface FailureContext {
  remoteTaskId?: string;
  remoteCancel?: RemoteCancelOutcome;
}

export type FailInvoke = (
  errorKind: ErrorKind,
  message: string,
  retryAfterMs?: number,
) => InvokeFailure;

/**
 * A builder of one call's failures. `context` is read at the moment of failure, so a remote task id
 * learned mid-call (A2A, MCP) is reported with the failure.
 */
export function invokeFailure(
  secret: string | null,
  startedAt: number,
  context?: () => FailureContext,
): FailInvoke {
  return (errorKind, message, retryAfterMs) => {
    const extra = context?.();
    return {
      ok: false,
      errorKind,
      error: sanitizeMessage(message, secret),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      latencyMs: elapsedSince(startedAt),
      ...(extra?.remoteTaskId ? { remoteTaskId: extra.remoteTaskId } : {}),
      ...(extra?.remoteCancel ? { remoteCancel: extra.remoteCancel } : {}),
    };
  };
}

/** A builder of one probe's failures (an A2A probe may still report the card it read). */
export function probeFailure(
  secret: string | null,
  startedAt: number,
): (message: string, card?: ImportedCard) => ProbeResult {
  return (message, card) => ({
    ok: false,
    latencyMs: elapsedSince(startedAt),
    error: sanitizeMessage(message, secret),
    ...(card && { card }),
  });
}

/** A builder of a standalone cancel's failures. */
export function cancelFailure(
  remoteTaskId: string,
  secret: string | null,
): (message: string) => RemoteCancelOutcome {
  return (message) => ({ remoteTaskId, ok: false, error: sanitizeMessage(message, secret) });
}

export type CallOpening =
  { ok: true; url: string; where: string } | { ok: false; failure: InvokeFailure };

/**
 * The checks every invoke makes before any I/O: the agent has a URL, and the attempt was not
 * cancelled while it was being dispatched.
 */
export function openCall(url: string | null, signal: AbortSignal, fail: FailInvoke): CallOpening {
  if (!url) return { ok: false, failure: fail('invalid_response', 'The agent has no URL.') };
  const where = displayUrl(url);
  if (signal.aborted) {
    return { ok: false, failure: fail('cancelled', `Cancelled before calling ${where}.`) };
  }
  return { ok: true, url, where };
}
