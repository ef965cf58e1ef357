/**
 * The a2a adapter's invoke and cancel against real A2A agents on loopback: the SDK-built test agent
 * (lib/testing/a2a-agent.ts), a server that answers nonsense, and Baton's own builtin calculator
 * served over A2A. No database: the adapter only talks HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Part } from '@a2a-js/sdk';
import { InMemoryTaskStore } from '@a2a-js/sdk/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestA2AAgent,
  textOf,
  type TestA2AAgent,
  type TestA2AAgentOptions,
} from '@/lib/testing/a2a-agent';
import { a2aAdapter, MAX_RESPONSE_BYTES, readReply } from './a2a';
import { builtinAgentCardJson, handleBuiltinA2ARequest } from './builtin/a2a-server';
import type { A2AConfig } from './config';
import type { AgentTarget, InvokeFailure, InvokeRequest, InvokeResult } from './types';

const SECRET = 'a2a-invoke-secret-7d1c9e';

const agents: TestA2AAgent[] = [];
async function agentWith(options: TestA2AAgentOptions = {}): Promise<TestA2AAgent> {
  const agent = await startTestA2AAgent(options);
  agents.push(agent);
  return agent;
}

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});

function target(
  url: string,
  config: A2AConfig = {},
  secret: string | null = null,
): AgentTarget<'a2a'> {
  return { id: 'a1', name: 'remote', kind: 'a2a', endpointUrl: url, config, secret };
}

function request(overrides: Partial<InvokeRequest> = {}): InvokeRequest {
  return {
    taskId: 'task-1',
    attempt: 2,
    idempotencyKey: 'task-1:2',
    capability: 'echo',
    input: { text: 'hello' },
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    ...overrides,
  };
}

function failure(result: InvokeResult): InvokeFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

/** Resolves with the remote task id once the adapter reports it. */
function remoteTaskReported() {
  let report: (id: string) => void = () => {};
  const reported = new Promise<string>((resolve) => (report = resolve));
  return { reported, onRemoteTask: (id: string) => report(id) };
}

describe('a2aAdapter.invoke against an SDK agent', () => {
  it('streams: reports the remote task while it runs, then returns the reply', async () => {
    const agent = await agentWith({ behaviour: 'hang' });
    const { reported, onRemoteTask } = remoteTaskReported();
    const pending = a2aAdapter.invoke(target(agent.url), request({ onRemoteTask }));
    const remoteTaskId = await reported;
    // The task is still running on the agent: only now is it allowed to finish.
    agent.release();
    const result = await pending;
    expect(result).toMatchObject({ ok: true, text: 'echo: hello', output: 'echo: hello' });
    expect(result.ok && result.remoteTaskId).toBe(remoteTaskId);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(agent.cancelled).toEqual([]);
  });

  it('sends SendMessage and polls GetTask when the agent does not stream (or streaming is off)', async () => {
    const agent = await agentWith({ streaming: false });
    const reported: string[] = [];
    const result = await a2aAdapter.invoke(
      target(agent.url),
      request({ onRemoteTask: (id) => reported.push(id) }),
    );
    expect(result).toMatchObject({ ok: true, text: 'echo: hello' });
    expect(reported).toEqual([result.ok && result.remoteTaskId]);

    const streamingAgent = await agentWith({ behaviour: 'hang' });
    const { reported: running, onRemoteTask } = remoteTaskReported();
    const pending = a2aAdapter.invoke(
      target(streamingAgent.url, { streaming: 'off' }),
      request({ onRemoteTask }),
    );
    await running;
    streamingAgent.release();
    expect(await pending).toMatchObject({ ok: true, text: 'echo: hello' });
  });

  it('delivers the text, the context as a data part, Baton metadata and the idempotency key', async () => {
    const agent = await agentWith();
    const context = [{ ref: 't0', output: 41 }];
    await a2aAdapter.invoke(target(agent.url), request({ input: { text: 'add one', context } }));
    await a2aAdapter.invoke(target(agent.url), request({ attempt: 3, idempotencyKey: 'task-1:3' }));
    expect(agent.received).toHaveLength(2);
    const [first, second] = agent.received;
    expect(first!.messageId).toBe('task-1:2');
    expect(textOf(first)).toBe('add one');
    expect(first!.parts.map((part) => part.content)).toEqual([
      { $case: 'text', value: 'add one' },
      { $case: 'data', value: context },
    ]);
    expect(first!.metadata).toEqual({
      baton: { taskId: 'task-1', attempt: 2, idempotencyKey: 'task-1:2', capability: 'echo' },
    });
    expect(second!.messageId).toBe('task-1:3');
    expect(second!.parts).toHaveLength(1);
  });

  it('reports a FAILED task as a server error with the agent’s reason', async () => {
    const agent = await agentWith({ behaviour: 'fail' });
    const result = failure(await a2aAdapter.invoke(target(agent.url), request()));
    expect(result).toMatchObject({
      errorKind: 'server',
      error: 'The agent failed the task: failed: hello',
    });
    expect(result.remoteTaskId).toBeTruthy();
  });

  it('cancels the remote task when an input-required task cannot be answered', async () => {
    const agent = await agentWith({ behaviour: 'input-required' });
    const result = failure(await a2aAdapter.invoke(target(agent.url), request()));
    expect(result.errorKind).toBe('invalid_response');
    expect(result.error).toMatch(/asked for more input \("Which one\?"\).*acknowledged CancelTask/);
    expect(agent.cancelled).toEqual([result.remoteTaskId]);
    expect(result.remoteCancel).toMatchObject({ ok: true, state: 'CANCELED' });
  });

  it.each([true, false])(
    'on abort, sends CancelTask and returns cancelled (streaming agent: %s)',
    async (streaming) => {
      const agent = await agentWith({ behaviour: 'hang', streaming });
      const controller = new AbortController();
      const result = failure(
        await a2aAdapter.invoke(
          target(agent.url),
          request({ signal: controller.signal, onRemoteTask: () => controller.abort() }),
        ),
      );
      expect(result.errorKind).toBe('cancelled');
      expect(result.remoteTaskId).toBeTruthy();
      expect(agent.cancelled).toEqual([result.remoteTaskId]);
      expect(result.remoteCancel).toEqual({
        remoteTaskId: result.remoteTaskId,
        ok: true,
        state: 'CANCELED',
      });
    },
  );

  it('times out a hanging agent within its bound and cancels the remote task', async () => {
    const agent = await agentWith({ behaviour: 'hang' });
    const startedAt = performance.now();
    const result = failure(await a2aAdapter.invoke(target(agent.url), request({ timeoutMs: 400 })));
    const elapsed = performance.now() - startedAt;
    expect(result.errorKind).toBe('timeout');
    expect(result.error).toMatch(
      /^Timed out after 400 ms waiting for http:\/\/127\.0\.0\.1:\d+\/agent\./,
    );
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(2_000);
    expect(agent.cancelled).toEqual([result.remoteTaskId]);
    expect(result.remoteCancel).toMatchObject({ ok: true, state: 'CANCELED' });
  });

  it('returns cancelled at once for an already aborted signal', async () => {
    const agent = await agentWith();
    const controller = new AbortController();
    controller.abort();
    const result = failure(
      await a2aAdapter.invoke(target(agent.url), request({ signal: controller.signal })),
    );
    expect(result.errorKind).toBe('cancelled');
    expect(agent.received).toHaveLength(0);
  });

  it('maps a refused secret to auth without ever showing the secret', async () => {
    const agent = await agentWith({ secret: SECRET });
    expect(await a2aAdapter.invoke(target(agent.url, {}, SECRET), request())).toMatchObject({
      ok: true,
      text: 'echo: hello',
    });
    const wrong = `${SECRET}-old`;
    const result = failure(await a2aAdapter.invoke(target(agent.url, {}, wrong), request()));
    expect(result.errorKind).toBe('auth');
    expect(result.error).toMatch(/answered HTTP 401: check the agent's secret/);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('reports an unreachable agent as a network error', async () => {
    const agent = await startTestA2AAgent();
    const url = agent.url;
    await agent.stop();
    const result = failure(await a2aAdapter.invoke(target(url), request()));
    expect(result.errorKind).toBe('network');
    expect(result.error).toMatch(/connection refused/);
  });
});

describe('a2aAdapter.cancel', () => {
  it('cancels a running remote task from outside the attempt', async () => {
    const agent = await agentWith({ behaviour: 'hang' });
    const { reported, onRemoteTask } = remoteTaskReported();
    const pending = a2aAdapter.invoke(target(agent.url), request({ onRemoteTask }));
    const remoteTaskId = await reported;
    const outcome = await a2aAdapter.cancel!(target(agent.url), { remoteTaskId, timeoutMs: 2_000 });
    expect(outcome).toEqual({ remoteTaskId, ok: true, state: 'CANCELED' });
    expect(agent.cancelled).toEqual([remoteTaskId]);
    // The attempt sees the agent cancel its task.
    expect(failure(await pending)).toMatchObject({ errorKind: 'cancelled', remoteTaskId });
  });

  it('is ok for a finished task and says so for an unknown one', async () => {
    const agent = await agentWith();
    const done = await a2aAdapter.invoke(target(agent.url), request());
    const remoteTaskId = done.ok ? done.remoteTaskId! : '';
    expect(await a2aAdapter.cancel!(target(agent.url), { remoteTaskId, timeoutMs: 2_000 })).toEqual(
      { remoteTaskId, ok: true, state: 'COMPLETED' },
    );
    expect(
      await a2aAdapter.cancel!(target(agent.url), { remoteTaskId: 'nope', timeoutMs: 2_000 }),
    ).toEqual({
      remoteTaskId: 'nope',
      ok: false,
      error: 'The agent does not know task nope (it may have restarted).',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Agents that answer badly: a plain HTTP server with a valid card and a broken JSON-RPC endpoint.

let broken: Server;
let brokenBase = '';
let unaskedBytesSent = 0;

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = '';
    incoming.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    incoming.on('end', () => resolve(raw));
  });
}

/** `/<mode>/<streaming|plain>`: the card; `/<mode>/<…>/rpc`: the broken endpoint. */
async function answerBadly(incoming: IncomingMessage, outgoing: ServerResponse) {
  const [, mode = '', kind = '', rest = ''] = (incoming.url ?? '').split('/');
  if (rest === '.well-known') {
    outgoing.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        name: 'Broken',
        description: 'Answers nonsense',
        version: '1',
        supportedInterfaces: [
          {
            url: `${brokenBase}/${mode}/${kind}/rpc`,
            protocolBinding: 'JSONRPC',
            protocolVersion: '1.0',
          },
        ],
        capabilities: { streaming: kind === 'streaming' },
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: [{ id: 'echo', name: 'Echo', description: 'Echo', tags: [] }],
      }),
    );
    return;
  }
  const body = JSON.parse(await readBody(incoming)) as { id: number; method: string };
  switch (mode) {
    case 'cut-short':
      if (body.method === 'CancelTask') {
        outgoing.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: body.id,
            error: { code: -32001, message: 'Task not found' },
          }),
        );
        return;
      }
      // The task starts, then the stream ends without a final state.
      outgoing.writeHead(200, { 'content-type': 'text/event-stream' }).end(
        `data: ${JSON.stringify({
          jsonrpc: '2.0',
          id: body.id,
          result: {
            task: { id: 'short', contextId: 'c', status: { state: 'TASK_STATE_WORKING' } },
          },
        })}\n\n`,
      );
      return;
    case 'not-json':
      outgoing.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>');
      return;
    case 'wrong-shape':
      outgoing
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result: { nonsense: true } }));
      return;
    case 'sse-garbage':
      outgoing.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: {nonsense\n\n');
      return;
    case 'sse-unasked': {
      // A valid JSON-RPC reply twice the cap, labelled an event stream although SendMessage asked
      // for JSON: a client that passes event streams through unread would take it in whole.
      outgoing.writeHead(200, { 'content-type': 'text/event-stream' });
      outgoing.write(
        `{"jsonrpc":"2.0","id":${body.id},"result":{"task":{"id":"big","contextId":"c","status":{"state":"TASK_STATE_COMPLETED"},"artifacts":[{"artifactId":"a","parts":[{"text":"`,
      );
      const chunk = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < (2 * MAX_RESPONSE_BYTES) / chunk.length; i += 1) {
        if (outgoing.destroyed) return;
        unaskedBytesSent += chunk.length;
        if (!outgoing.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              outgoing.off('drain', done).off('close', done);
              resolve();
            };
            outgoing.on('drain', done).on('close', done);
          });
        }
      }
      outgoing.end('"}]}]}}}');
      return;
    }
    case 'other-task': {
      // SendMessage names task `mine`; GetTask (or the stream) then reports another task, finished.
      const other = {
        id: 'theirs',
        contextId: 'their-context',
        status: { state: 'TASK_STATE_COMPLETED' },
        artifacts: [{ artifactId: 'a', parts: [{ text: 'not your answer' }] }],
      };
      const mine = { id: 'mine', contextId: 'my-context', status: { state: 'TASK_STATE_WORKING' } };
      if (body.method === 'CancelTask') {
        outgoing.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: body.id,
            result: { ...mine, status: { state: 'TASK_STATE_CANCELED' } },
          }),
        );
        return;
      }
      if (kind === 'streaming') {
        const events = [
          { task: mine },
          { statusUpdate: { taskId: 'theirs', contextId: 'their-context', status: other.status } },
        ];
        outgoing
          .writeHead(200, { 'content-type': 'text/event-stream' })
          .end(
            events
              .map(
                (result) => `data: ${JSON.stringify({ jsonrpc: '2.0', id: body.id, result })}\n\n`,
              )
              .join(''),
          );
        return;
      }
      const result = body.method === 'GetTask' ? other : { task: mine };
      outgoing
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result }));
      return;
    }
    case 'other-context': {
      const result =
        body.method === 'GetTask'
          ? { id: 'mine', contextId: 'their-context', status: { state: 'TASK_STATE_COMPLETED' } }
          : {
              task: {
                id: 'mine',
                contextId: 'my-context',
                status: { state: 'TASK_STATE_WORKING' },
              },
            };
      outgoing
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: body.id, result }));
      return;
    }
    case 'overloaded':
      outgoing.writeHead(429, { 'retry-after': '3', 'content-type': 'text/plain' }).end('busy');
      return;
    case 'huge': {
      // Appended 1 MiB chunks: each event is small enough for the SDK, the sum is not for Baton.
      outgoing.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = 'x'.repeat(1024 * 1024);
      for (let i = 0; i <= MAX_RESPONSE_BYTES / chunk.length; i += 1) {
        const event = {
          jsonrpc: '2.0',
          id: body.id,
          result: {
            artifactUpdate: {
              taskId: 'big',
              contextId: 'c',
              artifact: { artifactId: 'a', parts: [{ text: chunk }] },
              append: i > 0,
            },
          },
        };
        if (!outgoing.write(`data: ${JSON.stringify(event)}\n\n`)) {
          await new Promise((resolve) => {
            outgoing.once('drain', resolve);
            outgoing.once('close', resolve);
          });
        }
        if (outgoing.destroyed) return;
      }
      outgoing.end();
      return;
    }
    default:
      outgoing.writeHead(404).end();
  }
}

beforeAll(async () => {
  broken = createServer((incoming, outgoing) => {
    answerBadly(incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  brokenBase = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
});

afterAll(async () => {
  broken.closeAllConnections();
  await new Promise((resolve) => broken.close(resolve));
});

describe('a2aAdapter.invoke against a broken agent', () => {
  it.each([
    ['not-json', 'plain', /not a valid A2A reply \(not JSON\)/],
    ['wrong-shape', 'plain', /not a valid A2A reply/],
    ['not-json', 'streaming', /not a valid A2A reply/],
    ['sse-garbage', 'streaming', /not a valid A2A reply \(not JSON\)/],
  ])('answers invalid_response for %s (%s)', async (mode, kind, message) => {
    const result = failure(
      await a2aAdapter.invoke(target(`${brokenBase}/${mode}/${kind}`), request()),
    );
    expect(result.errorKind).toBe('invalid_response');
    expect(result.error).toMatch(message);
    expect(result.error).not.toContain('oops');
  });

  it('answers invalid_response when the stream ends before the task does, and tries to cancel it', async () => {
    const result = failure(
      await a2aAdapter.invoke(target(`${brokenBase}/cut-short/streaming`), request()),
    );
    expect(result).toMatchObject({
      errorKind: 'invalid_response',
      remoteTaskId: 'short',
      remoteCancel: {
        remoteTaskId: 'short',
        ok: false,
        error: 'The agent does not know task short (it may have restarted).',
      },
    });
    expect(result.error).toMatch(/ended the stream before the task finished \(it was WORKING\)/);
  });

  it('maps 429 to rate_limit with the Retry-After', async () => {
    const result = failure(
      await a2aAdapter.invoke(target(`${brokenBase}/overloaded/plain`), request()),
    );
    expect(result).toMatchObject({ errorKind: 'rate_limit', retryAfterMs: 3_000 });
  });

  it('caps an event stream it did not ask for, instead of reading it whole', async () => {
    unaskedBytesSent = 0;
    const result = failure(
      await a2aAdapter.invoke(target(`${brokenBase}/sse-unasked/plain`), request()),
    );
    expect(result.errorKind).toBe('invalid_response');
    expect(result.error).toMatch(
      /answered with more than allowed: The response is larger than 8 MiB/,
    );
    // The download was cut at the cap, not read to its end.
    expect(unaskedBytesSent).toBeLessThan(2 * MAX_RESPONSE_BYTES);
  });

  it.each(['plain', 'streaming'])(
    'refuses an answer about another task (%s), and cancels its own',
    async (kind) => {
      const result = failure(
        await a2aAdapter.invoke(target(`${brokenBase}/other-task/${kind}`), request()),
      );
      expect(result).toMatchObject({
        errorKind: 'invalid_response',
        remoteTaskId: 'mine',
        remoteCancel: { remoteTaskId: 'mine', ok: true },
      });
      expect(result.error).toMatch(/answered about another task \(theirs, not mine\)/);
      expect(result.error).not.toContain('not your answer');
    },
  );

  it('refuses a task that changes context', async () => {
    const result = failure(
      await a2aAdapter.invoke(target(`${brokenBase}/other-context/plain`), request()),
    );
    expect(result.errorKind).toBe('invalid_response');
    expect(result.error).toMatch(/answered in another context \(their-context, not my-context\)/);
  });

  it('refuses a stream that outgrows the response cap', async () => {
    const result = failure(
      await a2aAdapter.invoke(target(`${brokenBase}/huge/streaming`), request()),
    );
    expect(result.errorKind).toBe('invalid_response');
    expect(result.error).toMatch(/answered with more than allowed: The reply is larger than 8 MiB/);
  });
});

// ---------------------------------------------------------------------------------------------
// Baton's builtin calculator, served over A2A the way the Next.js route serves it.

describe('a2aAdapter.invoke against a builtin agent served over A2A', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((incoming, outgoing) => {
      void (async () => {
        const url = new URL(incoming.url ?? '/', base);
        let response: Response;
        if (url.pathname.endsWith('/.well-known/agent-card.json')) {
          response = Response.json(builtinAgentCardJson('calculator', base));
        } else {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          response = await handleBuiltinA2ARequest(
            'calculator',
            new Request(url, { method: 'POST', headers, body: await readBody(incoming) }),
            { publicUrl: base, caller: 'test', createTaskStore: () => new InMemoryTaskStore() },
          );
        }
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) for await (const chunk of response.body) outgoing.write(chunk);
        outgoing.end();
      })().catch((error: unknown) => outgoing.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([{}, { streaming: 'off' as const }])(
    'calculates 15 * 7 and returns the number as output (config %j)',
    async (config) => {
      const result = await a2aAdapter.invoke(
        target(`${base}/api/a2a/builtin/calculator`, config),
        request({ capability: 'calculate', input: { text: '15 * 7' } }),
      );
      expect(result).toMatchObject({ ok: true, output: 105 });
      expect(result.ok && result.text).toContain('105');
    },
  );
});

describe('readReply', () => {
  const part = (content: Part['content'], filename = '') => ({
    content,
    metadata: undefined,
    filename,
    mediaType: '',
  });

  it('joins streamed chunks, puts artifacts on their own lines and prefers structured data', () => {
    expect(
      readReply([
        [part({ $case: 'text', value: 'Hel' }), part({ $case: 'text', value: 'lo' })],
        [part({ $case: 'text', value: 'World' })],
      ]),
    ).toEqual({ text: 'Hello\nWorld', output: 'Hello\nWorld' });
    expect(
      readReply([[part({ $case: 'text', value: '2 + 2 = 4' }), part({ $case: 'data', value: 4 })]]),
    ).toEqual({ text: '2 + 2 = 4', output: 4 });
    expect(
      readReply([[part({ $case: 'data', value: { a: 1 } }), part({ $case: 'data', value: [2] })]]),
    ).toEqual({ text: '[{"a":1},[2]]', output: [{ a: 1 }, [2]] });
  });

  it('names files instead of inlining them', () => {
    expect(
      readReply([
        [
          part({ $case: 'text', value: 'See' }),
          part({ $case: 'url', value: 'https://example.com/r.pdf' }, 'r.pdf'),
          part({ $case: 'raw', value: Buffer.from('abc') }),
        ],
      ]).text,
    ).toBe('See\nr.pdf: https://example.com/r.pdf\n[file (binary, 3 bytes) not shown]');
  });
});
