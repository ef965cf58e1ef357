/**
 * The openai adapter's invoke over real HTTP against a tiny server speaking
 * POST /v1/chat/completions — the official SDK is not mocked.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openaiAdapter } from './openai';
import type { AgentTarget, InvokeRequest } from './types';

const KEY = 'sk-invoke-0123456789abcdef';
const seen: { path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
let server: Server;
let base = '';

function json(response: ServerResponse, status: number, body: unknown, headers = {}) {
  response
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify(body));
}

/** Bytes of `streamUnasked` written so far. */
let unaskedBytesSent = 0;
const UNASKED_BYTES = 16 * 1024 * 1024;

/**
 * A plain (not streamed) completion request answered with an event stream of chunks, twice the
 * adapter's 8 MiB cap: the SDK reads a body it did not expect to stream whole, with `text()`.
 */
async function streamUnasked(response: ServerResponse) {
  unaskedBytesSent = 0;
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const event = `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content: 'x'.repeat(64 * 1024) } }],
  })}\n\n`;
  while (unaskedBytesSent < UNASKED_BYTES && !response.destroyed) {
    unaskedBytesSent += event.length;
    if (!response.write(event)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done).off('close', done);
          resolve();
        };
        response.on('drain', done).on('close', done);
      });
    }
  }
  if (!response.destroyed) response.end('data: [DONE]\n\n');
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      seen.push({ path, headers: request.headers, body });
      if (path.startsWith('/slow/')) return;
      if (path.startsWith('/sse-unasked/')) return void streamUnasked(response);
      if (path.startsWith('/limited/')) {
        return json(response, 429, { error: { message: 'slow down' } }, { 'retry-after': '3' });
      }
      if (path.startsWith('/broken/')) return json(response, 503, { error: { message: 'oops' } });
      if (path.startsWith('/garbage/')) return json(response, 200, { hello: 'world' });
      if (request.headers.authorization !== `Bearer ${KEY}`) {
        return json(response, 401, {
          error: { message: `Incorrect API key provided: ${request.headers.authorization}` },
        });
      }
      json(response, 200, {
        id: 'chatcmpl-123',
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: 'Paris is the capital of France.' },
          },
        ],
        usage: { prompt_tokens: 21, completion_tokens: 7, total_tokens: 28 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function target(prefix = '', secret: string | null = KEY): AgentTarget<'openai'> {
  return {
    id: 'o1',
    name: 'llm',
    kind: 'openai',
    endpointUrl: `${base}${prefix}/v1`,
    config: { model: 'qwen2.5:7b', systemPrompt: 'Answer briefly.' },
    secret,
  };
}

function request(overrides: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    taskId: 'task-9',
    attempt: 1,
    idempotencyKey: 'task-9:1',
    capability: 'answer',
    input: { text: 'What is the capital of France?', context: { hint: 'Europe' } },
    signal: new AbortController().signal,
    timeoutMs: 3_000,
    ...overrides,
  };
}

describe('openaiAdapter.invoke', () => {
  it('returns the completion with token usage, sending model, system prompt and context', async () => {
    const result = await openaiAdapter.invoke!(target(), request());
    expect(result).toMatchObject({
      ok: true,
      output: 'Paris is the capital of France.',
      text: 'Paris is the capital of France.',
      usage: { tokensIn: 21, tokensOut: 7 },
      remoteTaskId: 'chatcmpl-123',
    });
    const call = seen.at(-1)!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.headers['idempotency-key']).toBe('task-9:1');
    expect(call.body).toMatchObject({
      model: 'qwen2.5:7b',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        {
          role: 'user',
          content: 'What is the capital of France?\n\nContext (JSON):\n{"hint":"Europe"}',
        },
      ],
    });
  });

  it('maps 401 to auth without leaking the key', async () => {
    const result = await openaiAdapter.invoke!(target('', 'sk-wrong-0123456789abcdef'), request());
    expect(result).toMatchObject({ ok: false, errorKind: 'auth' });
    expect(JSON.stringify(result)).not.toContain('sk-wrong-0123456789abcdef');
  });

  it('maps 429 to rate_limit with Retry-After, 503 to server, a non-completion to invalid_response', async () => {
    expect(await openaiAdapter.invoke!(target('/limited'), request())).toMatchObject({
      ok: false,
      errorKind: 'rate_limit',
      retryAfterMs: 3_000,
    });
    expect(await openaiAdapter.invoke!(target('/broken'), request())).toMatchObject({
      ok: false,
      errorKind: 'server',
    });
    expect(await openaiAdapter.invoke!(target('/garbage'), request())).toMatchObject({
      ok: false,
      errorKind: 'invalid_response',
    });
  });

  it('caps an event stream it did not ask for, instead of reading it whole', async () => {
    const result = await openaiAdapter.invoke!(target('/sse-unasked'), request());
    expect(result).toMatchObject({ ok: false, errorKind: 'invalid_response' });
    expect(!result.ok && result.error).toMatch(
      /answered with more than allowed: The response is larger than 8 MiB/,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unaskedBytesSent).toBeLessThan(UNASKED_BYTES);
  });

  it('times out at timeoutMs, and reports a caller abort as cancelled', async () => {
    const startedAt = performance.now();
    const timedOut = await openaiAdapter.invoke!(target('/slow'), request({ timeoutMs: 300 }));
    expect(timedOut).toMatchObject({ ok: false, errorKind: 'timeout' });
    expect(performance.now() - startedAt).toBeLessThan(800);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(
      await openaiAdapter.invoke!(target('/slow'), request({ signal: controller.signal })),
    ).toMatchObject({ ok: false, errorKind: 'cancelled' });
  });
});
