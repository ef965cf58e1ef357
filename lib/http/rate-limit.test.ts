import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { clientIp, createRateLimiter, rateLimitKeyFor } from './rate-limit';

const token: Viewer = { kind: 'token', id: 't1', name: 'ci', role: 'operator', actor: 'token:t1' };

describe('rateLimitKeyFor', () => {
  it('keys tokens and users by id, and anonymous callers by address', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2' });
    expect(rateLimitKeyFor(token, headers)).toEqual({ kind: 'token', id: 't1' });
    expect(rateLimitKeyFor(null, headers)).toEqual({ kind: 'ip', id: '10.0.0.2' });
  });

  it('takes the address the nearest proxy appended', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1,2.2.2.2' }))).toBe('2.2.2.2');
    expect(clientIp(new Headers({ 'x-real-ip': '3.3.3.3' }))).toBe('3.3.3.3');
    expect(clientIp(new Headers())).toBe('unknown');
  });
});

describe('createRateLimiter', () => {
  const config = { perToken: 2, perUser: 1, perIp: 0, windowSeconds: 60 };

  it('refuses the call after the budget with RATE_LIMITED and a retry delay', async () => {
    const limiter = createRateLimiter(config);
    await limiter.consume({ kind: 'token', id: 'a' });
    await limiter.consume({ kind: 'token', id: 'a' });
    const error = await limiter.consume({ kind: 'token', id: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect((error as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((error as AppError).retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((error as AppError).message).toContain('2 API calls per 60 s');
  });

  it('keeps separate budgets per caller and per kind', async () => {
    const limiter = createRateLimiter(config);
    await limiter.consume({ kind: 'token', id: 'a' });
    await limiter.consume({ kind: 'token', id: 'a' });
    await expect(limiter.consume({ kind: 'token', id: 'b' })).resolves.toBeUndefined();
    await expect(limiter.consume({ kind: 'user', id: 'a' })).resolves.toBeUndefined();
    await expect(limiter.consume({ kind: 'user', id: 'a' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });

  it('treats a limit of 0 as off', async () => {
    const limiter = createRateLimiter(config);
    for (let i = 0; i < 50; i++) await limiter.consume({ kind: 'ip', id: 'x' });
  });
});
