import 'server-only';
import { ZodError } from 'zod';
import { apiAccessFor, type HttpMethod } from '@/lib/auth/access-matrix';
import { hasRole } from '@/lib/auth/roles';
import { getSessionViewer } from '@/lib/auth/session';
import type { Viewer } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { authenticateApiToken } from '@/lib/db/repositories/api-tokens';
import { AppError, fieldErrorsFrom, isAppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { createRateLimiter, rateLimitKeyFor, type RateLimiter } from './rate-limit';

export interface ApiContext<P> {
  request: Request;
  /** Null only on public routes. */
  viewer: Viewer | null;
  params: P;
}

type Handler<P> = (context: ApiContext<P>) => Promise<Response>;

/**
 * Wraps a /api/v1 route handler: authenticates (an `Authorization: Bearer` API token, or the
 * browser's session cookie), counts the call against the caller's rate limit (per token, per user,
 * or per IP without credentials: ADR 0051), enforces the role API_ACCESS gives this route and
 * method, and turns failures into the one JSON error shape `{ error: { code, message, fields? } }`. Unknown errors are
 * logged once and answered with a generic message.
 */
export interface ApiRouteOptions {
  /**
   * False only for `/api/v1/health`: a probe neither spends nor is refused by the caller's
   * address budget (ADR 0057, addendum "chaos3"). Load balancers poll it from one address, and
   * anonymous calls from that address (a fuzzer, a misbehaving script) must not turn it into a
   * 429 that reads as "instance down". Default true.
   */
  rateLimited?: boolean;
}

export function apiRoute<P = Record<string, never>>(
  route: string,
  method: HttpMethod,
  handler: Handler<P>,
  options: ApiRouteOptions = {},
) {
  const rateLimited = options.rateLimited ?? true;
  const access = apiAccessFor(route, method); // throws at import when the matrix lacks the route
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      let viewer: Viewer | null = null;
      if (access !== 'public') {
        viewer = await authenticate(request);
        // Counted before the verdict, so guessing tokens spends the address's budget too.
        await rateLimiter().consume(rateLimitKeyFor(viewer, request.headers));
        if (!viewer) {
          throw new AppError(
            'UNAUTHENTICATED',
            'Sign in, or send an API token as "Authorization: Bearer <token>".',
          );
        }
        if (!hasRole(viewer.role, access)) {
          throw new AppError(
            'FORBIDDEN',
            `${method} ${route} needs the ${access} role; this ${viewer.kind} has ${viewer.role}.`,
          );
        }
      } else if (rateLimited) {
        await rateLimiter().consume(rateLimitKeyFor(null, request.headers));
      }
      return await handler({ request, viewer, params: await context.params });
    } catch (error) {
      return errorResponse(error, { route, method });
    }
  };
}

const globalForLimits = globalThis as typeof globalThis & { batonRateLimiter?: RateLimiter };

/**
 * One limiter per process (on globalThis: Next.js may load this module once per route bundle),
 * configured from the environment on first use.
 */
function rateLimiter(): RateLimiter {
  if (globalForLimits.batonRateLimiter) return globalForLimits.batonRateLimiter;
  const env = getEnv();
  globalForLimits.batonRateLimiter = createRateLimiter({
    perToken: env.BATON_RATE_LIMIT_TOKEN,
    perUser: env.BATON_RATE_LIMIT_USER,
    perIp: env.BATON_RATE_LIMIT_IP,
    windowSeconds: env.BATON_RATE_LIMIT_WINDOW_S,
  });
  return globalForLimits.batonRateLimiter;
}

async function authenticate(request: Request): Promise<Viewer | null> {
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    const token = await authenticateApiToken(getDb(), match[1]!);
    return (
      token && {
        kind: 'token',
        id: token.id,
        name: token.name,
        role: token.role,
        actor: `token:${token.id}`,
      }
    );
  }
  // Browsers calling the API from the dashboard carry the session cookie instead.
  return getSessionViewer();
}

export function errorResponse(error: unknown, where: { route: string; method: string }): Response {
  if (isAppError(error)) {
    const body = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.fields && { fields: error.fields }),
      },
    };
    const responseHeaders: Record<string, string> = {};
    if (error.code === 'UNAUTHENTICATED')
      responseHeaders['WWW-Authenticate'] = 'Bearer realm="baton"';
    if (error.retryAfterSeconds) responseHeaders['Retry-After'] = String(error.retryAfterSeconds);
    return Response.json(body, { status: error.status, headers: responseHeaders });
  }
  if (error instanceof ZodError) {
    const fields = fieldErrorsFrom(error.issues);
    return Response.json(
      { error: { code: 'VALIDATION_FAILED', message: 'Some fields are invalid.', fields } },
      { status: 400 },
    );
  }
  logger.error(
    { err: error, route: where.route, method: where.method },
    'unhandled error in API route',
  );
  return Response.json(
    {
      error: { code: 'INTERNAL', message: 'Something went wrong on our side. It has been logged.' },
    },
    { status: 500 },
  );
}

/** Parses a JSON body, answering MALFORMED_REQUEST for anything that is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request, getEnv().BATON_BODY_LIMIT_BYTES);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('MALFORMED_REQUEST', 'The request body must be valid JSON.');
  }
}

/** Like readJson, for bodies that may be left out entirely (an empty body reads as `{}`). */
export async function readOptionalJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request, getEnv().BATON_BODY_LIMIT_BYTES);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('MALFORMED_REQUEST', 'The request body must be valid JSON.');
  }
}

/**
 * The body as UTF-8 text, counting streamed bytes and stopping (cancelling the stream) once they
 * pass `limit`: PAYLOAD_TOO_LARGE (413) naming the limit. A declared Content-Length past the limit is
 * refused before reading anything (ADR 0052). Bytes that are not UTF-8 are MALFORMED_REQUEST (400)
 * naming the body, not decoded to U+FFFD (ADR 0057).
 */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const tooLarge = () =>
    new AppError(
      'PAYLOAD_TOO_LARGE',
      `The request body is larger than the limit of ${limit} bytes (BATON_BODY_LIMIT_BYTES).`,
    );
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return decodeUtf8(Buffer.concat(chunks));
}

// Fatal: a byte sequence that is not UTF-8 is refused instead of read as U+FFFD, so what a route
// stores is what the client sent (ADR 0057, addendum). A leading BOM stays in the text, as before.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError('MALFORMED_REQUEST', 'The request body is not valid UTF-8.');
  }
}
