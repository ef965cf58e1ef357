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
});
