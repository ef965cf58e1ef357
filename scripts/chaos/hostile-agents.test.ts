import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HOSTILE_KINDS,
  HOSTILE_MODEL,
  startHostileAgent,
  type Behaviour,
  type HostileAgent,
  type HostileKind,
} from './hostile-agents';

let agent: HostileAgent | undefined;
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
});

/** Where a task call goes, and its body, in each protocol. */
function taskCall(kind: HostileKind, url: string, options: { stream?: boolean } = {}) {
  switch (kind) {
    case 'webhook':
      return {
        url,
        body: { taskId: 'task-1', attempt: 1, idempotencyKey: 'task-1:1', input: { text: 'hi' } },
      };
    case 'openai':
      return {
        url: `${url}/chat/completions`,
        body: {
          model: HOSTILE_MODEL,
          messages: [{ role: 'user', content: 'hi' }],
          ...(options.stream && { stream: true }),
        },
      };
    case 'a2a':
      return {
        url: `${url}/rpc`,
        body: {
          jsonrpc: '2.0',
          id: 1,
          method: 'SendMessage',
          params: {
            message: { messageId: 'task-1:1', role: 'ROLE_USER', parts: [{ text: 'hi' }] },
          },
        },
      };
  }
}

async function post(
  kind: HostileKind,
  behaviour: Behaviour,
  options: { timeoutMs?: number; stream?: boolean } = {},
) {
  agent = await startHostileAgent(kind, behaviour);
  const call = taskCall(kind, agent.url, options);
  return fetch(call.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(call.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
  });
}

/** Reads up to `limit` bytes (or the end), then lets go of the body. */
async function readSome(response: Response, limit: number): Promise<number> {
  const reader = response.body!.getReader();
  let read = 0;
  while (read < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.length;
  }
  await reader.cancel();
  return read;
}

describe.each(HOSTILE_KINDS)('hostile %s agents', (kind) => {
  it('hang: accepts the call and never answers', async () => {
    await expect(post(kind, 'hang', { timeoutMs: 500 })).rejects.toThrow(/abort|timeout/i);
    expect(agent!.calls).toBe(1);
  });

  it('http_500 answers 500', async () => {
    expect((await post(kind, 'http_500')).status).toBe(500);
  });

  it('invalid_json answers 200 with a body that is not JSON', async () => {
    const response = await post(kind, 'invalid_json');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it.each(['huge_body', 'huge_sse'] as const)(
    '%s streams far more than any cap, and stops when the client goes away',
    async (behaviour) => {
      const response = await post(kind, behaviour, { timeoutMs: 10_000 });
      expect(response.headers.get('content-type')).toBe(
        behaviour === 'huge_sse' ? 'text/event-stream' : 'application/json',
      );
      expect(await readSome(response, 16 * 1024 * 1024)).toBeGreaterThanOrEqual(16 * 1024 * 1024);
      await new Promise((r) => setTimeout(r, 200));
      expect(agent!.bytesSent).toBeLessThan(100 * 1024 * 1024);
    },
  );

  it('drip sends about one byte a second', async () => {
    const response = await post(kind, 'drip', { timeoutMs: 5_000 });
    const reader = response.body!.getReader();
    const started = Date.now();
    let read = 0;
    while (Date.now() - started < 2_500) {
      const { value } = await reader.read();
      read += value!.length;
    }
    await reader.cancel();
    expect(read).toBeGreaterThanOrEqual(1);
    expect(read).toBeLessThanOrEqual(4);
  });

  it('reset cuts the connection mid-answer', async () => {
    const a = await startHostileAgent(kind, 'reset');
    agent = a;
    const call = taskCall(kind, a.url);
    const received: Buffer[] = [];
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const req = httpRequest(call.url, { method: 'POST' }, (res) => {
        res.on('data', (chunk: Buffer) => received.push(chunk));
        res.on('error', resolve);
        res.on('aborted', () =>
          resolve(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
        );
      });
      req.on('error', resolve);
      req.end(JSON.stringify(call.body));
    });
    expect(error.code).toBe('ECONNRESET');
    expect(Buffer.concat(received).length).toBeGreaterThan(0);
  });
});

describe('other_task', () => {
  it('webhook: a result naming another task', async () => {
    const body = (await (await post('webhook', 'other_task')).json()) as { remoteTaskId: string };
    expect(body.remoteTaskId).toBe('not-task-1');
  });

  it('openai: choices of the wrong shape, plain and streamed', async () => {
    const plain = (await (await post('openai', 'other_task')).json()) as { choices: unknown };
    expect(Array.isArray(plain.choices)).toBe(false);
    await agent!.stop();
    const streamed = await (await post('openai', 'other_task', { stream: true })).text();
    const first = JSON.parse(streamed.split('\n')[0]!.replace(/^data: /, '')) as {
      choices: unknown;
    };
    expect(Array.isArray(first.choices)).toBe(false);
  });

  it('a2a: GetTask reports another task id and contextId than SendMessage named', async () => {
    const sent = (await (await post('a2a', 'other_task')).json()) as {
      result: { task: { id: string; contextId: string } };
    };
    const got = (await (
      await fetch(`${agent!.url}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'GetTask',
          params: { id: sent.result.task.id },
        }),
      })
    ).json()) as { id: number; result: { id: string; contextId: string } };
    expect(got.id).toBe(2);
    expect(got.result.id).not.toBe(sent.result.task.id);
    expect(got.result.contextId).not.toBe(sent.result.task.contextId);
  });
});

describe('protocol surface', () => {
  it('openai streams chunks when asked (stream: true) and serves /v1/models', async () => {
    const response = await post('openai', 'huge_body', { stream: true, timeoutMs: 10_000 });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    expect(new TextDecoder().decode(value).startsWith('data: {')).toBe(true);
    const models = (await (await fetch(`${agent!.url}/models`)).json()) as {
      data: { id: string }[];
    };
    expect(models.data.map((m) => m.id)).toEqual([HOSTILE_MODEL]);
  });

  it('a2a serves a JSON-RPC agent card on the same origin, without streaming', async () => {
    agent = await startHostileAgent('a2a', 'hang');
    const card = (await (await fetch(`${agent.url}/.well-known/agent-card.json`)).json()) as {
      supportedInterfaces: { url: string; protocolBinding: string }[];
      capabilities: { streaming: boolean };
    };
    expect(card.supportedInterfaces).toEqual([
      { url: `${agent.url}/rpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
    ]);
    expect(card.capabilities.streaming).toBe(false);
  });
});
