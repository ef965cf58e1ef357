/**
 * Helpers for execution tests: register agents straight into the registry, a scriptable webhook
 * agent on loopback (real HTTP, the documented webhook contract), and waiting for a request to end.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createAgent,
  type AgentInput,
  type CapabilityInput,
} from '@/lib/db/repositories/agent-mutations';
import type { PrismaClient } from '@/lib/db/prisma';
import type { AgentKind, RequestStatus } from '@/lib/engine';
import { uniqueName } from './db';

const by = { actor: 'system' as const, userId: null };

export function capability(
  name: string,
  overrides: Partial<CapabilityInput> = {},
): CapabilityInput {
  return {
    name,
    description: `The ${name} capability`,
    inputTypes: ['text/plain'],
    outputTypes: ['text/plain'],
    tags: [],
    examples: [],
    ...overrides,
  };
}

export async function registerAgent(
  db: PrismaClient,
  options: {
    kind?: AgentKind;
    name?: string;
    endpointUrl?: string | null;
    capabilities: (string | CapabilityInput)[];
    config?: AgentInput['config'];
    maxConcurrentTasks?: number;
    weight?: number;
    pricePerCall?: bigint;
    priceInputPerMTok?: bigint;
    priceOutputPerMTok?: bigint;
  },
): Promise<{ id: string; name: string }> {
  const name = options.name ?? uniqueName('agent');
  const input: AgentInput = {
    name,
    displayName: name,
    description: '',
    version: '',
    kind: options.kind ?? 'webhook',
    endpointUrl: options.endpointUrl ?? null,
    config: options.config ?? {},
    maxConcurrentTasks: options.maxConcurrentTasks ?? 4,
    weight: options.weight ?? 100,
    priceInputPerMTok: options.priceInputPerMTok ?? 0n,
    priceOutputPerMTok: options.priceOutputPerMTok ?? 0n,
    pricePerCall: options.pricePerCall ?? 0n,
    healthCheckIntervalS: 3600,
    autoRecover: false,
    capabilities: options.capabilities.map((c) => (typeof c === 'string' ? capability(c) : c)),
  };
  const { id } = await createAgent(db, input, by);
  return { id, name };
}

export interface WebhookCall {
  taskId: string;
  attempt: number;
  idempotencyKey: string;
  capability: string;
  input: { text: string; context?: unknown };
  receivedAt: number;
  answeredAt?: number;
  /** The connection closed before an answer (the caller aborted). */
  aborted?: boolean;
}

export type WebhookBehaviour = (
  call: WebhookCall,
  index: number,
) =>
  | { status?: number; body: unknown; delayMs?: number; headers?: Record<string, string> }
  | { hang: true };

export interface TestWebhookAgent {
  url: string;
  calls: WebhookCall[];
  stop(): Promise<void>;
}

/** A webhook agent on loopback whose every answer is decided by `behaviour`. */
export async function startWebhookAgent(behaviour: WebhookBehaviour): Promise<TestWebhookAgent> {
  const calls: WebhookCall[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as Omit<WebhookCall, 'receivedAt'>;
      const call: WebhookCall = { ...body, receivedAt: Date.now() };
      const index = calls.push(call) - 1;
      response.on('close', () => {
        if (!response.writableFinished) call.aborted = true;
      });
      const decision = behaviour(call, index);
      if ('hang' in decision) return;
      setTimeout(() => {
        call.answeredAt = Date.now();
        response
          .writeHead(decision.status ?? 200, {
            'content-type': 'application/json',
            ...decision.headers,
          })
          .end(JSON.stringify(decision.body));
      }, decision.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    calls,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const TERMINAL: RequestStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Polls until the request reaches one of `statuses` (default: any terminal status). */
export async function waitForRequest(
  db: PrismaClient,
  id: string,
  statuses: RequestStatus[] = TERMINAL,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const request = await db.request.findUniqueOrThrow({ where: { id } });
    if (statuses.includes(request.status)) return request;
    if (Date.now() > deadline) {
      const tasks = await db.task.findMany({
        where: { requestId: id },
        select: { ref: true, status: true, error: true },
      });
      throw new Error(
        `request ${id} is ${request.status} (${request.error ?? ''}) after ${timeoutMs} ms; tasks: ${JSON.stringify(tasks)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls until `check` returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface TestChatServer {
  /** Base URL to register as an `openai` agent (ends in /v1). */
  url: string;
  /** Request bodies received on /v1/chat/completions. */
  requests: { model: string; messages: { role: string; content: string }[] }[];
  /** Inputs received on /v1/embeddings, one array per call. */
  embeddingInputs: string[][];
  /** The `traceparent` header of each chat completion call (undefined when none was sent). */
  traceparents: (string | undefined)[];
  stop(): Promise<void>;
}

/**
 * An OpenAI-compatible chat-completions server on loopback (the real wire protocol: the official
 * SDK talks to it), answering each call with `answer(body, index)` and fixed token usage.
 */
export async function startChatServer(
  answer: (body: TestChatServer['requests'][number], index: number) => string,
  usage = { prompt_tokens: 100, completion_tokens: 50 },
  /** Answers /v1/embeddings with this vector per input text. */
  embed?: (text: string) => number[],
): Promise<TestChatServer> {
  const requests: TestChatServer['requests'] = [];
  const embeddingInputs: string[][] = [];
  const traceparents: (string | undefined)[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const send = (status: number, body: unknown) =>
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify(body));
      if (request.url === '/v1/models') return send(200, { object: 'list', data: [] });
      if (request.url === '/v1/embeddings' && embed) {
        const { input, model } = JSON.parse(raw) as { input: string | string[]; model: string };
        const texts = Array.isArray(input) ? input : [input];
        embeddingInputs.push(texts);
        return send(200, {
          object: 'list',
          model,
          data: texts.map((text, index) => ({
            object: 'embedding',
            index,
            embedding: embed(text),
          })),
          usage: { prompt_tokens: texts.length, total_tokens: texts.length },
        });
      }
      if (request.url !== '/v1/chat/completions')
        return send(404, { error: { message: 'not found' } });
      const body = JSON.parse(raw) as TestChatServer['requests'][number];
      const index = requests.push(body) - 1;
      const traceparent = request.headers.traceparent;
      traceparents.push(typeof traceparent === 'string' ? traceparent : undefined);
      send(200, {
        id: `chatcmpl-${index}`,
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: answer(body, index) },
          },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    embeddingInputs,
    traceparents,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
