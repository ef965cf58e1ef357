/**
 * Expected failures, by code. The engine, repositories and server code throw `AppError`; route
 * handlers turn it into `{ error: { code, message, fields? } }` with the status below, and server
 * actions into `{ ok: false, code, message, fieldErrors? }`. Anything that is not an AppError is a
 * bug: it is logged once and reaches the user as INTERNAL with a generic message.
 */
import { prioritiseIssues } from '@/lib/engine/planning/suggest';

export const ERROR_CODES = {
  /** Input failed validation; `fields` names each bad field and the problem. */
  VALIDATION_FAILED: 400,
  /** The request body is not valid JSON (or not JSON at all). */
  MALFORMED_REQUEST: 400,
  /** No valid session or API token was presented. */
  UNAUTHENTICATED: 401,
  /** Signed in, but the role does not allow this. */
  FORBIDDEN: 403,
  /** The thing asked for does not exist (or is not visible to the caller). */
  NOT_FOUND: 404,
  /** The HTTP method is not supported on this route. */
  METHOD_NOT_ALLOWED: 405,
  /** A unique value (name, email, idempotency key) is already taken. */
  ALREADY_EXISTS: 409,
  /** The change is not allowed in the current state (e.g. an illegal status transition). */
  CONFLICT: 409,
  /** The request body is larger than the configured limit (BATON_BODY_LIMIT_BYTES). */
  PAYLOAD_TOO_LARGE: 413,
  /** Too many attempts (sign-in throttling, rate limits); `retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 429,
  /** An unexpected error; details are in the server log only. */
  INTERNAL: 500,
  /** A dependency (the database) is unavailable. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: Record<string, string>; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Field errors from a zod error: `{ "config.model": "Required" }` (first problem per field). */
export function fieldErrorsFrom(
  issues: readonly { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[],
): Record<string, string> {
  const fields: Record<string, string> = {};
  // Unknown keys first, and without the "required" complaint a misspelt key causes for the real one.
  for (const issue of prioritiseIssues(issues)) {
    // A strict object names each unknown field, so the caller sees which one it misspelt.
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const unknown of issue.keys) {
        const key = [...issue.path.map(String), unknown].join('.');
        // A single key's own message may say which key was meant ("did you mean `capability`?").
        fields[key] ??=
          issue.keys.length === 1 && issue.message.startsWith('unknown key')
            ? `U${issue.message.slice(1)}`
            : `Unknown field "${unknown}".`;
      }
      continue;
    }
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
