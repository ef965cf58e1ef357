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

describe('readBodyText and UTF-8', () => {
  const bytes = (...values: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(values));
        controller.close();
      },
    });

  it('refuses bytes that are not UTF-8 with MALFORMED_REQUEST naming the body', async () => {
    // {"a":"<0xff>"}: a lone 0xff is never UTF-8; lenient decoding made it U+FFFD.
    const error = await readBodyText(
      post(bytes(0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d)),
      64,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MALFORMED_REQUEST', status: 400 });
    expect((error as Error).message).toMatch(/body is not valid UTF-8/);
  });

  it('refuses a truncated multi-byte sequence and an overlong encoding', async () => {
    await expect(readBodyText(post(bytes(0x22, 0xc3)), 64)).rejects.toMatchObject({
      code: 'MALFORMED_REQUEST',
    });
    await expect(readBodyText(post(bytes(0xc0, 0xaf)), 64)).rejects.toMatchObject({
      code: 'MALFORMED_REQUEST',
    });
  });

  it('reads valid multi-byte UTF-8 split across chunks', async () => {
    const [first, second] = [new Uint8Array([0x22, 0xc3]), new Uint8Array([0xa9, 0x22])];
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(first);
        controller.enqueue(second);
        controller.close();
      },
    });
    await expect(readBodyText(post(split), 64)).resolves.toBe('"é"');
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
