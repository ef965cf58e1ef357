/**
 * The openai adapter over real HTTP against a tiny server that speaks the OpenAI wire protocol
 * (GET /v1/models, POST /v1/chat/completions) — the official SDK is not mocked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_API_KEY, openaiAdapter } from './openai';
import type { AgentTarget } from './types';

const KEY = 'sk-test-0123456789abcdef';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
}

const seen: Seen[] = [];
let server: Server;
let base = '';

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      seen.push({ method: request.method ?? '', path, headers: request.headers, body });
      if (path.startsWith('/slow/')) return; // never answers
      if (path.startsWith('/broken/')) return json(response, 500, { error: { message: 'oops' } });
      const authorized =
        request.headers.authorization === `Bearer ${KEY}` || path.startsWith('/open/');
      if (!authorized) {
        // Like the real API, the error repeats (part of) the key that was sent.
        return json(response, 401, {
          error: {
            message: `Incorrect API key provided: ${request.headers.authorization}`,
            code: 'invalid_api_key',
          },
        });
      }
      if (path.endsWith('/v1/models') && request.method === 'GET') {
        return json(response, 200, {
          object: 'list',
          data: [
            { id: 'llama3:latest', object: 'model', created: 0, owned_by: 'library' },
            { id: 'qwen2.5:7b', object: 'model', created: 0, owned_by: 'library' },
          ],
        });
      }
      if (path.endsWith('/v1/chat/completions') && request.method === 'POST') {
        if (body?.model === 'o-new' && 'max_tokens' in body) {
          return json(response, 400, {
            error: {
              message:
                "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            },
          });
        }
        return json(response, 200, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 0,
          model: body?.model,
          choices: [
            { index: 0, message: { role: 'assistant', content: 'p' }, finish_reason: 'length' },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      json(response, 404, { error: { message: 'not found' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function target(
  path: string,
  config: AgentTarget<'openai'>['config'],
  secret: string | null = KEY,
): AgentTarget<'openai'> {
  return { id: 'a1', name: 'llm', kind: 'openai', endpointUrl: `${base}${path}`, config, secret };
}

describe('openaiAdapter.probe', () => {
  it('lists models with the API key, and matches Ollama-style tags', async () => {
    const result = await openaiAdapter.probe(target('/v1', { model: 'llama3' }), {
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: true });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('fails when the configured model is not served', async () => {
    expect(
      await openaiAdapter.probe(target('/v1', { model: 'gpt-9' }), { timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      error: 'The model "gpt-9" is not served here (available: llama3:latest, qwen2.5:7b).',
    });
  });

  it('maps 401 to "authentication failed" without repeating the key', async () => {
    const wrong = 'sk-wrong-key-9876543210';
    const result = await openaiAdapter.probe(target('/v1', { model: 'llama3' }, wrong), {
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({
      ok: false,
      error: `Authentication failed at ${base}/v1 (HTTP 401): check the agent's API key.`,
    });
    expect(JSON.stringify(result)).not.toContain(wrong);
  });

  it('can probe with a 1-token completion, falling back to max_completion_tokens', async () => {
    expect(
      await openaiAdapter.probe(target('/v1', { model: 'llama3', probe: 'completion' }), {
        timeoutMs: 5_000,
      }),
    ).toMatchObject({ ok: true });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'llama3', max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] },
    });

    expect(
      await openaiAdapter.probe(target('/v1', { model: 'o-new', probe: 'completion' }), {
        timeoutMs: 5_000,
      }),
    ).toMatchObject({ ok: true });
    expect(seen.at(-1)?.body).toMatchObject({ model: 'o-new', max_completion_tokens: 1 });
  });

  it('never sends credentials from the environment to an agent', async () => {
    const saved = {
      key: process.env.OPENAI_API_KEY,
      org: process.env.OPENAI_ORG_ID,
      project: process.env.OPENAI_PROJECT_ID,
    };
    process.env.OPENAI_API_KEY = 'sk-from-env';
    process.env.OPENAI_ORG_ID = 'org-from-env';
    process.env.OPENAI_PROJECT_ID = 'proj-from-env';
    try {
      expect(
        await openaiAdapter.probe(target('/open/v1', { model: 'llama3' }, null), {
          timeoutMs: 5_000,
        }),
      ).toMatchObject({
        ok: true,
      });
      const { headers } = seen.at(-1)!;
      expect(headers.authorization).toBe(`Bearer ${NO_API_KEY}`);
      expect(JSON.stringify(headers)).not.toMatch(/from-env/);
    } finally {
      for (const [name, value] of Object.entries({
        OPENAI_API_KEY: saved.key,
        OPENAI_ORG_ID: saved.org,
        OPENAI_PROJECT_ID: saved.project,
      })) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('reports server errors, timeouts and refused connections briefly', async () => {
    expect(
      await openaiAdapter.probe(target('/broken/v1', { model: 'x' }), { timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      error: `Server error at ${base}/broken/v1 (HTTP 500).`,
    });
    expect(
      await openaiAdapter.probe(target('/slow/v1', { model: 'x' }), { timeoutMs: 300 }),
    ).toMatchObject({
      ok: false,
      error: `Timed out after 300 ms waiting for ${base}/slow/v1.`,
    });
    expect(
      await openaiAdapter.probe(target('/open/api', { model: 'x' }), { timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^Not found at .* \(HTTP 404\): check the URL \(it usually ends in \/v1\)/,
      ),
    });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await openaiAdapter.probe(
      { ...target('/v1', { model: 'x' }), endpointUrl: `http://127.0.0.1:${port}/v1` },
      { timeoutMs: 5_000 },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: `Could not connect to http://127.0.0.1:${port}/v1 (connection refused).`,
    });
  });
});
