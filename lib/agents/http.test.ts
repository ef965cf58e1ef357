import { describe, expect, it } from 'vitest';
import {
  BodyTooLargeError,
  capResponseBody,
  createDeadline,
  describeNetworkError,
  displayUrl,
  parseRetryAfter,
  readTextCapped,
  sanitizeMessage,
} from './http';

describe('http helpers', () => {
  it('caps a body read incrementally, cancelling the source past the cap', async () => {
    const ok = capResponseBody(new Response('hello', { status: 201, headers: { a: 'b' } }), 10);
    expect([ok.status, ok.headers.get('a'), await ok.text()]).toEqual([201, 'b', 'hello']);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(4));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(capResponseBody(new Response(endless), 10).text()).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('caps response bodies, by declared length and by bytes read', async () => {
    expect(await readTextCapped(new Response('hello'), 10)).toBe('hello');
    await expect(readTextCapped(new Response('x'.repeat(11)), 10)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
    const declared = new Response('tiny', { headers: { 'content-length': '999999' } });
    await expect(readTextCapped(declared, 10)).rejects.toThrow('larger than 10 bytes');
  });

  it('never repeats a secret or a bearer token in a message', () => {
    expect(sanitizeMessage('bad key sk-secret-123 given', 'sk-secret-123')).toBe(
      'bad key [redacted] given',
    );
    expect(sanitizeMessage('header was Bearer abcdefghijkl', null)).toBe(
      'header was Bearer [redacted]',
    );
    expect(sanitizeMessage('x'.repeat(400), null)).toHaveLength(300);
  });

  it('shows URLs without query strings', () => {
    expect(displayUrl('https://h.example.com/hook?token=abc')).toBe('https://h.example.com/hook');
    expect(displayUrl('http://localhost:3000/')).toBe('http://localhost:3000');
  });

  it('describes network failures briefly', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    expect(describeNetworkError(refused, 'http://127.0.0.1:1/x')).toBe(
      'Could not connect to http://127.0.0.1:1/x (connection refused).',
    );
    const aggregate = new TypeError('fetch failed', {
      cause: Object.assign(
        new AggregateError([Object.assign(new Error(), { code: 'ENOTFOUND' })]),
        {},
      ),
    });
    expect(describeNetworkError(aggregate, 'http://nowhere.invalid')).toMatch(/host not found/);
    expect(describeNetworkError(new Error('other'), 'http://x')).toBeNull();

    const deadline = createDeadline(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(deadline.timedOut).toBe(true);
    expect(describeNetworkError(new Error('aborted'), 'http://x', deadline.signal)).toBe(
      'Timed out after 1 ms waiting for http://x.',
    );
    deadline.dispose();

    const parent = new AbortController();
    const cancelled = createDeadline(10_000, parent.signal);
    parent.abort();
    expect(cancelled.signal.aborted).toBe(true);
    expect(cancelled.timedOut).toBe(false);
    expect(describeNetworkError(new Error('aborted'), 'http://x', cancelled.signal)).toBe(
      'Cancelled while calling http://x.',
    );
    cancelled.dispose();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores garbage, and caps at a day', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('999999999', now)).toBe(86_400_000);
  });
});
