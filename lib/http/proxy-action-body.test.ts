import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';

const cookie = 'baton.session_token=abc';

function actionCall(body: string, contentType: string) {
  return new NextRequest('http://localhost/settings', {
    method: 'POST',
    headers: { 'next-action': '60abc', 'content-type': contentType, cookie },
    body,
  });
}

describe('proxy and server action bodies', () => {
  it('answers 400 to a truncated argument list instead of passing it to Next.js (a 500)', async () => {
    const response = await proxy(actionCall('[null,{"a"', 'text/plain;charset=UTF-8'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } });
  });

  it('answers 415 to a content type React never sends', async () => {
    const response = await proxy(actionCall('name=x', 'application/x-www-form-urlencoded'));
    expect(response.status).toBe(415);
  });

  it('passes a well-formed call on', async () => {
    const response = await proxy(actionCall('[null,1]', 'text/plain;charset=UTF-8'));
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it('answers 400 MALFORMED_REQUEST to a sign-in whose fields are not UTF-8, before any sign-in check', async () => {
    const boundary = 'b0undary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="1_email"\r\n\r\nadmin@baton.test\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="1_password"\r\n\r\n`,
      ),
      Buffer.from([0x70, 0xc3, 0x28]),
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--${boundary}--\r\n`,
      ),
    ]);
    // No session cookie: the sign-in page is public, so only the body check can refuse this.
    const response = await proxy(
      new NextRequest('http://localhost/sign-in', {
        method: 'POST',
        headers: {
          'next-action': '60abc',
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        body,
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } });
  });
});
