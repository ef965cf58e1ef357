/**
 * Per-caller API rate limits (issue 12, ADR 0051): a fixed window of `windowSeconds` with a budget of
 * requests per API token, per signed-in user (all of their sessions together) and per client IP for
 * calls that carry no valid credentials (public routes, failed sign-ins with a bad token). Counters
 * live in this process's memory (rate-limiter-flexible's RateLimiterMemory): with several web
 * instances each enforces its own budget (see the ADR). A limit of 0 turns that kind off.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

export interface RateLimitConfig {
  /** Requests per window per API token. */
  perToken: number;
  /** Requests per window per signed-in user (browser sessions). */
  perUser: number;
  /** Requests per window per client IP, for callers without valid credentials. */
  perIp: number;
  windowSeconds: number;
}

export type RateLimitKey = { kind: 'token' | 'user' | 'ip'; id: string };

/** Which budget a call draws from: the token, the user, or else the client's address. */
export function rateLimitKeyFor(viewer: Viewer | null, headers: Headers): RateLimitKey {
  if (viewer) return { kind: viewer.kind, id: viewer.id };
  return { kind: 'ip', id: clientIp(headers) };
}

/**
 * The client address as the nearest proxy reports it: the last X-Forwarded-For entry (Next.js fills
 * the header with the socket's address when no proxy set it). Without a proxy in front a client can
 * choose this value, which is why per-IP limits only guard anonymous routes (ADR 0051).
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? headers.get('x-real-ip') ?? 'unknown';
}

const LABEL = { token: 'API token', user: 'user', ip: 'address' } as const;

export interface RateLimiter {
  /** Counts one call; throws RATE_LIMITED (429, with Retry-After) once the budget is spent. */
  consume(key: RateLimitKey): Promise<void>;
}

export function createRateLimiter(config: RateLimitConfig): RateLimiter {
  const limits = { token: config.perToken, user: config.perUser, ip: config.perIp };
  const limiters = {
    token: limits.token > 0 ? memory('token', limits.token, config.windowSeconds) : null,
    user: limits.user > 0 ? memory('user', limits.user, config.windowSeconds) : null,
    ip: limits.ip > 0 ? memory('ip', limits.ip, config.windowSeconds) : null,
  };
  return {
    async consume(key) {
      const limiter = limiters[key.kind];
      if (!limiter) return;
      try {
        await limiter.consume(key.id);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError(
          'RATE_LIMITED',
          `Too many requests: this ${LABEL[key.kind]} may make ${limits[key.kind]} API calls per ` +
            `${config.windowSeconds} s. Retry in ${retryAfterSeconds} s.`,
          { retryAfterSeconds },
        );
      }
    },
  };
}

function memory(kind: string, points: number, duration: number) {
  return new RateLimiterMemory({ keyPrefix: `baton-api-${kind}`, points, duration });
}
