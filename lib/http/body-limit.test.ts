import { describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '@/next.config.mjs';
import { readBodyText } from './api-route';

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

const post = (body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) =>
  new Request('http://baton.test/api/v1/x', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

describe('readBodyText', () => {
  it('reads a body within the limit', async () => {
    await expect(readBodyText(post(streamOf('{"a":', '1}')), 16)).resolves.toBe('{"a":1}');
  });

  it('stops a streamed body past the limit with PAYLOAD_TOO_LARGE naming the limit', async () => {
    const error = await readBodyText(post(streamOf('x'.repeat(10), 'y'.repeat(10))), 16).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect((error as Error).message).toContain('16 bytes');
  });

  it('refuses a declared Content-Length past the limit', async () => {
    await expect(
      readBodyText(post('{}', { 'content-length': '999999' }), 16),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('counts bytes, not characters', async () => {
    await expect(readBodyText(post(streamOf('é'.repeat(9))), 16)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});

describe('server actions', () => {
  it('share the API body limit default (next.config.mjs and lib/env.ts)', async () => {
    const saved = process.env.BATON_BODY_LIMIT_BYTES;
    delete process.env.BATON_BODY_LIMIT_BYTES;
    try {
      const { getEnv } = await import('@/lib/env');
      expect(getEnv().BATON_BODY_LIMIT_BYTES).toBe(BODY_LIMIT_BYTES);
    } finally {
      if (saved !== undefined) process.env.BATON_BODY_LIMIT_BYTES = saved;
    }
  });
});
