/**
 * Hostile agents for the chaos `hostile` scenario (issue 12, scenario 5): loopback servers that
 * speak a real agent protocol and then misbehave, one behaviour per server. Three protocols:
 *
 * - `webhook`: Baton's webhook contract (docs/agents/webhook-contract.md), POST <url>.
 * - `openai`: an OpenAI-compatible `POST /v1/chat/completions` (plain and `stream: true`), with
 *   `GET /v1/models`; the URL to register is the SDK's baseURL, `<origin>/v1`.
 * - `a2a`: an A2A v1.0 JSON-RPC agent: its card at `<url>/.well-known/agent-card.json` (no
 *   streaming, so Baton sends SendMessage and polls GetTask), JSON-RPC at `<url>/rpc`.
 *
 * Behaviours (what the server does with a task):
 * - `hang`: accepts the call and never answers.
 * - `http_500`: answers HTTP 500.
 * - `invalid_json`: answers 200 with a body that is not JSON.
 * - `huge_body`: streams 100 MB (64 KiB chunks, never held whole; stops when the client goes).
 * - `huge_sse`: the same 100 MB, labelled `text/event-stream` although no stream was asked for
 *   (a body a client may pass through unread because "streams are bounded per event").
 * - `drip`: a valid answer, one byte a second.
 * - `reset`: starts a valid answer, then resets the connection (TCP RST).
 * - `other_task`: a valid answer about another task. webhook: `remoteTaskId` naming another task
 *   (the contract has no other id); openai: a wrong `choices` shape (the protocol has no task id);
 *   a2a: GetTask answers with another task id and contextId than SendMessage named.
 *
 * Listen on port 0; each records how many calls it received and how many body bytes it sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const BEHAVIOURS = [
  'hang',
  'http_500',
  'invalid_json',
  'huge_body',
  'huge_sse',
  'drip',
  'reset',
  'other_task',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export const HOSTILE_KINDS = ['webhook', 'openai', 'a2a'] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** 100 MB streamed in 64 KiB chunks, never held whole. */
export const HUGE_BODY_BYTES = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
/** The model the openai server serves. */
export const HOSTILE_MODEL = 'hostile-model';

export interface HostileAgent {
  kind: HostileKind;
  behaviour: Behaviour;
  /** The URL to register (webhook endpoint, openai baseURL, A2A base URL). */
  url: string;
  /** Task calls received (webhook POSTs, chat completions, A2A SendMessage). */
  calls: number;
  /** Bytes written to response bodies (the 100 MB stream stops when the client goes away). */
  bytesSent: number;
  stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => resolve(raw));
    request.on('error', () => resolve(raw));
  });
}

function parse(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `prefix`, then `a`s up to HUGE_BODY_BYTES, then `suffix`; stops when the client goes away. */
function streamHuge(
  response: ServerResponse,
  agent: HostileAgent,
  options: { contentType: string; prefix: string; suffix: string },
) {
  response.writeHead(200, { 'content-type': options.contentType });
  response.write(options.prefix);
  let sent = 0;
  const pump = () => {
    while (sent < HUGE_BODY_BYTES && !response.destroyed) {
      sent += CHUNK.length;
      agent.bytesSent += CHUNK.length;
      if (!response.write(CHUNK)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end(options.suffix);
  };
  pump();
}

/** 100 MB of SSE events (`data: {…64 KiB…}`), each small, the sum huge. */
function streamHugeEvents(
  response: ServerResponse,
  agent: HostileAgent,
  event: (filler: string) => string,
) {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const filler = 'a'.repeat(64 * 1024);
  let sent = 0;
  const pump = () => {
    while (sent < HUGE_BODY_BYTES && !response.destroyed) {
      const text = `data: ${event(filler)}\n\n`;
      sent += text.length;
      agent.bytesSent += text.length;
      if (!response.write(text)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

/** `text`, one byte a second. */
function drip(response: ServerResponse, agent: HostileAgent, contentType: string, text: string) {
  response.writeHead(200, { 'content-type': contentType });
  let i = 0;
  const timer = setInterval(() => {
    if (response.destroyed || i >= text.length) {
      clearInterval(timer);
      if (!response.destroyed) response.end();
      return;
    }
    response.write(text[i++]);
    agent.bytesSent += 1;
  }, 1_000);
  response.on('close', () => clearInterval(timer));
}

/** Headers and the first half of `text`, then a TCP reset. */
function resetMidAnswer(
  response: ServerResponse,
  agent: HostileAgent,
  contentType: string,
  text: string,
) {
  response.writeHead(200, { 'content-type': contentType });
  const half = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  response.write(half);
  agent.bytesSent += half.length;
  setTimeout(() => response.socket?.resetAndDestroy(), 50);
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

// ─── webhook ─────────────────────────────────────────────────────────────────────────────────────

function answerWebhook(
  agent: HostileAgent,
  request: IncomingMessage,
  response: ServerResponse,
  raw: string,
) {
  if (request.method !== 'POST') return json(response, 200, { ok: true }); // health
  agent.calls += 1;
  const taskId = String(parse(raw).taskId ?? '');
  const good = JSON.stringify({ output: `done ${taskId}`.padEnd(200, '.') });
  switch (agent.behaviour) {
    case 'hang':
      return;
    case 'http_500':
      return json(response, 500, { error: 'boom' });
    case 'invalid_json':
      return response.writeHead(200, { 'content-type': 'application/json' }).end('{"output": "no');
    case 'huge_body':
    case 'huge_sse':
      return streamHuge(response, agent, {
        contentType: agent.behaviour === 'huge_sse' ? 'text/event-stream' : 'application/json',
        prefix: '{"output":"',
        suffix: '"}',
      });
    case 'drip':
      return drip(response, agent, 'application/json', good);
    case 'reset':
      return resetMidAnswer(response, agent, 'application/json', good);
    case 'other_task':
      // Harmless: Baton keys the result on its own call, `remoteTaskId` is only the agent's label.
      return json(response, 200, { output: 'someone else', remoteTaskId: `not-${taskId}` });
  }
}

// ─── openai ──────────────────────────────────────────────────────────────────────────────────────

function completion(content: string) {
  return {
    id: 'chatcmpl-hostile',
    object: 'chat.completion',
    created: 0,
    model: HOSTILE_MODEL,
    choices: [
      { index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } },
    ],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  };
}

function chunk(content: string, finish: string | null = null) {
  return JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion.chunk',
    created: 0,
    model: HOSTILE_MODEL,
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });
}

/** A whole streamed completion: two content chunks, a finish chunk, `[DONE]`. */
function streamedCompletion(content: string): string {
  return `data: ${chunk(content.slice(0, 5))}\n\ndata: ${chunk(content.slice(5))}\n\ndata: ${chunk('', 'stop')}\n\ndata: [DONE]\n\n`;
}

function answerOpenAI(
  agent: HostileAgent,
  request: IncomingMessage,
  response: ServerResponse,
  raw: string,
) {
  const path = request.url ?? '';
  if (request.method === 'GET' && path.startsWith('/v1/models')) {
    return json(response, 200, { object: 'list', data: [{ id: HOSTILE_MODEL, object: 'model' }] });
  }
  if (request.method !== 'POST' || !path.startsWith('/v1/chat/completions')) {
    return json(response, 404, { error: { message: 'not found' } });
  }
  agent.calls += 1;
  const stream = parse(raw).stream === true;
  const answer = 'the hostile answer';
  const contentType = stream ? 'text/event-stream' : 'application/json';
  const good = stream ? streamedCompletion(answer) : JSON.stringify(completion(answer));
  switch (agent.behaviour) {
    case 'hang':
      return;
    case 'http_500':
      return json(response, 500, { error: { message: 'boom', type: 'server_error' } });
    case 'invalid_json':
      return response
        .writeHead(200, { 'content-type': contentType })
        .end(stream ? 'data: {"id": "chatcmpl-hos\n\n' : '{"id": "chatcmpl-hos');
    case 'huge_body':
      if (stream) return streamHugeEvents(response, agent, (filler) => chunk(filler));
      return streamHuge(response, agent, {
        contentType,
        prefix:
          '{"id":"chatcmpl-hostile","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"',
        suffix: '"}}]}',
      });
    case 'huge_sse':
      // An event stream, asked for or not.
      return streamHugeEvents(response, agent, (filler) => chunk(filler));
    case 'drip':
      return drip(response, agent, contentType, good);
    case 'reset':
      return resetMidAnswer(response, agent, contentType, good);
    case 'other_task': {
      // Chat completions have no task id: the nearest lie is a `choices` of the wrong shape.
      const wrong = { ...completion(answer), choices: { message: { content: answer } } };
      return stream
        ? response
            .writeHead(200, { 'content-type': contentType })
            .end(
              `data: ${JSON.stringify({ ...wrong, object: 'chat.completion.chunk' })}\n\ndata: [DONE]\n\n`,
            )
        : json(response, 200, wrong);
    }
  }
}

// ─── a2a ─────────────────────────────────────────────────────────────────────────────────────────

function agentCard(base: string) {
  return {
    name: 'hostile',
    description: 'A hostile A2A agent (chaos harness)',
    version: '1',
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
    ],
    capabilities: { streaming: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'hostile', name: 'Hostile', description: 'Misbehaves', tags: [] }],
  };
}

function a2aTask(id: string, contextId: string, state: string, text?: string) {
  return {
    id,
    contextId,
    status: { state },
    artifacts: text ? [{ artifactId: 'answer', parts: [{ text }] }] : [],
    history: [],
  };
}

function answerA2A(
  agent: HostileAgent,
  request: IncomingMessage,
  response: ServerResponse,
  raw: string,
  base: string,
) {
  const path = request.url ?? '';
  if (request.method === 'GET' && path.startsWith('/agent/.well-known/agent-card.json')) {
    return json(response, 200, agentCard(base));
  }
  if (request.method !== 'POST' || !path.startsWith('/agent/rpc')) {
    return json(response, 404, { error: 'not found' });
  }
  const rpc = parse(raw);
  const id = (rpc.id as number | string | undefined) ?? null;
  const method = String(rpc.method ?? '');
  const result = (value: unknown) => JSON.stringify({ jsonrpc: '2.0', id, result: value });
  if (method === 'CancelTask' || method === 'GetTask') {
    const params = (rpc.params ?? {}) as { id?: string };
    const taskId = String(params.id ?? '');
    if (method === 'CancelTask') {
      return response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(result(a2aTask(taskId, `ctx-${taskId}`, 'TASK_STATE_CANCELED')));
    }
    // other_task: the task asked for is reported as a different, finished one.
    const task =
      agent.behaviour === 'other_task'
        ? a2aTask(`other-${taskId}`, 'ctx-other', 'TASK_STATE_COMPLETED', 'not your answer')
        : a2aTask(taskId, `ctx-${taskId}`, 'TASK_STATE_WORKING');
    return response.writeHead(200, { 'content-type': 'application/json' }).end(result(task));
  }
  if (method !== 'SendMessage') {
    return json(response, 200, {
      jsonrpc: '2.0',
      id,
      error: { code: -32601, message: 'Method not found' },
    });
  }
  agent.calls += 1;
  const taskId = `hostile-${agent.calls}`;
  const done = result({
    task: a2aTask(taskId, `ctx-${taskId}`, 'TASK_STATE_COMPLETED', 'the hostile answer'),
  });
  switch (agent.behaviour) {
    case 'hang':
      return;
    case 'http_500':
      return response.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    case 'invalid_json':
      return response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"jsonrpc": "2.0", "id": ');
    case 'huge_body':
    case 'huge_sse':
      return streamHuge(response, agent, {
        contentType: agent.behaviour === 'huge_sse' ? 'text/event-stream' : 'application/json',
        prefix: `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"task":{"id":"${taskId}","contextId":"c","status":{"state":"TASK_STATE_COMPLETED"},"artifacts":[{"artifactId":"a","parts":[{"text":"`,
        suffix: '"}]}]}}}',
      });
    case 'drip':
      return drip(response, agent, 'application/json', done);
    case 'reset':
      return resetMidAnswer(response, agent, 'application/json', done);
    case 'other_task':
      return response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(result({ task: a2aTask(taskId, `ctx-${taskId}`, 'TASK_STATE_WORKING') }));
  }
}

// ─── servers ─────────────────────────────────────────────────────────────────────────────────────

export async function startHostileAgent(
  kind: HostileKind,
  behaviour: Behaviour,
): Promise<HostileAgent> {
  const sockets = new Set<Socket>();
  const agent: HostileAgent = {
    kind,
    behaviour,
    url: '',
    calls: 0,
    bytesSent: 0,
    stop: async () => {},
  };
  let origin = '';
  const server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      if (kind === 'webhook') answerWebhook(agent, request, response, raw);
      else if (kind === 'openai') answerOpenAI(agent, request, response, raw);
      else answerA2A(agent, request, response, raw, `${origin}/agent`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent.url = `${origin}${kind === 'webhook' ? '/hook' : kind === 'openai' ? '/v1' : '/agent'}`;
  agent.stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return agent;
}

/** The webhook flavour (kept for callers of the first version). */
export const startHostileWebhook = (behaviour: Behaviour) =>
  startHostileAgent('webhook', behaviour);
