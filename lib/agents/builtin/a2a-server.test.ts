import { AgentCard, parseSseStream } from '@a2a-js/sdk';
import { InMemoryTaskStore } from '@a2a-js/sdk/server';
import { describe, expect, it } from 'vitest';
import { importCard } from '../a2a';
import {
  buildBuiltinAgentCard,
  builtinAgentCardJson,
  handleBuiltinA2ARequest,
  selectCapability,
} from './a2a-server';
import { BUILTIN_AGENTS } from './catalog';
import { findBuiltinAgent } from './run';

/** Parsed JSON-RPC wire JSON: the tests drill into it and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = any;

const PUBLIC_URL = 'http://baton.test:3000';
// No database here: the SDK's in-memory store (the route injects Baton's PostgreSQL one).
const OPTIONS = {
  publicUrl: PUBLIC_URL,
  caller: 'token:alice',
  createTaskStore: () => new InMemoryTaskStore(),
};
let nextId = 1;

function rpc(
  method: string,
  params: unknown,
  init: { version?: string | null; body?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.version !== null) headers['A2A-Version'] = init.version ?? '1.0';
  return new Request(`${PUBLIC_URL}/api/a2a/builtin/x`, {
    method: 'POST',
    headers,
    body: init.body ?? JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
}

function message(text: string, metadata?: Record<string, unknown>, data?: unknown) {
  const parts: unknown[] = [{ text, mediaType: 'text/plain' }];
  if (data !== undefined) parts.push({ data, mediaType: 'application/json' });
  return {
    message: {
      messageId: crypto.randomUUID(),
      role: 'ROLE_USER',
      parts,
      ...(metadata && { metadata }),
    },
  };
}

async function call(
  name: Parameters<typeof handleBuiltinA2ARequest>[0],
  request: Request,
  caller = OPTIONS.caller,
) {
  const response = await handleBuiltinA2ARequest(name, request, { ...OPTIONS, caller });
  return { status: response.status, body: (await response.json()) as Wire };
}

describe('builtin agent card', () => {
  it('lists the catalog skills, the JSON-RPC URL and the bearer scheme, and imports cleanly', () => {
    for (const definition of BUILTIN_AGENTS) {
      const wire = builtinAgentCardJson(definition.name, PUBLIC_URL) as Wire;
      expect(wire.supportedInterfaces).toEqual([
        {
          url: `${PUBLIC_URL}/api/a2a/builtin/${definition.name}`,
          protocolBinding: 'JSONRPC',
          protocolVersion: '1.0',
        },
      ]);
      expect(Object.values(wire.securitySchemes)).toEqual([
        { httpAuthSecurityScheme: expect.objectContaining({ scheme: 'Bearer' }) },
      ]);
      // What a client reads back: the same capabilities as the catalog.
      const imported = importCard(
        AgentCard.fromJSON(wire),
        wire,
        `${PUBLIC_URL}/x/.well-known/agent-card.json`,
      );
      expect(imported.capabilities).toEqual(definition.capabilities);
    }
    expect(builtinAgentCardJson('nope', PUBLIC_URL)).toBeNull();
  });
});

describe('selectCapability', () => {
  const textTools = findBuiltinAgent('text-tools')!;
  it('takes the skill from metadata, the only capability, or the words of the text', () => {
    expect(selectCapability(textTools, 'whatever', [{ skill: 'summarize' }])).toBe('summarize');
    expect(selectCapability(findBuiltinAgent('calculator')!, 'anything', [])).toBe('calculate');
    expect(selectCapability(textTools, "count the words in 'a b'", [])).toBe('count_words');
    expect(selectCapability(textTools, 'Summarize this article: …', [])).toBe('summarize');
    expect(selectCapability(textTools, 'extract keywords from: …', [])).toBe('extract_keywords');
  });
  it('asks which skill when it cannot tell', () => {
    expect(() => selectCapability(textTools, 'hello', [])).toThrow(
      'Say which skill to use: set "skill" in the message metadata to one of count_words, summarize, extract_keywords.',
    );
    expect(() => selectCapability(textTools, 'x', [{ skill: 'fly' }])).toThrow(
      /has no skill "fly"/,
    );
  });
});

describe('builtin agents over JSON-RPC', () => {
  it('runs SendMessage to a completed task with a text and a data part', async () => {
    const { status, body } = await call(
      'calculator',
      rpc('SendMessage', message('Calculate 15 * 7')),
    );
    expect(status).toBe(200);
    const task = body.result.task;
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(task.artifacts[0].parts).toEqual([
      { text: '15 * 7 = 105', mediaType: 'text/plain' },
      { data: 105, mediaType: 'application/json' },
    ]);

    const fetched = await call('calculator', rpc('GetTask', { id: task.id }));
    expect(fetched.body.result.id).toBe(task.id);
    // Tasks are scoped to the caller: another token cannot read them.
    const other = await call('calculator', rpc('GetTask', { id: task.id }), 'token:mallory');
    expect(other.body.error.message).toMatch(/not found/i);
    const cancel = await call('calculator', rpc('CancelTask', { id: task.id }));
    expect(cancel.body.error.message).toMatch(/not cancelable/i);
  });

  it('passes data parts as context and fails the task with the builtin’s message', async () => {
    const formatted = await call(
      'json-formatter',
      rpc('SendMessage', message('format the result as JSON', undefined, 105)),
    );
    expect(formatted.body.result.task.artifacts[0].parts[1]).toEqual({
      data: { result: 105 },
      mediaType: 'application/json',
    });
    const failed = await call('calculator', rpc('SendMessage', message('import("fs")')));
    expect(failed.body.result.task.status).toMatchObject({
      state: 'TASK_STATE_FAILED',
      message: { parts: [{ text: '"import" is not available in the calculator.' }] },
    });
  });

  it('answers a canary with a message', async () => {
    const { body } = await call(
      'text-tools',
      rpc('SendMessage', message('ping', { baton: { canary: true } })),
    );
    expect(body.result.message.parts).toEqual([{ text: 'pong', mediaType: 'text/plain' }]);
  });

  it('streams task events as Server-Sent Events', async () => {
    const response = await handleBuiltinA2ARequest(
      'text-tools',
      rpc('SendStreamingMessage', message("count the words in 'Hello world'")),
      OPTIONS,
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = [];
    for await (const event of parseSseStream(response)) events.push(JSON.parse(event.data));
    expect(events[0].result.task.status.state).toBe('TASK_STATE_SUBMITTED');
    expect(events.at(-1).result.statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
    const artifact = events.find((event) => event.result.artifactUpdate).result.artifactUpdate
      .artifact;
    expect(artifact.parts[1]).toEqual({ data: { words: 2 }, mediaType: 'application/json' });
  });

  it('answers protocol errors as JSON-RPC errors', async () => {
    const unversioned = await call(
      'calculator',
      rpc('SendMessage', message('1+1'), { version: null }),
    );
    expect(unversioned.body.error.message).toMatch(/version '0\.3' is not supported/);
    const unknown = await call('calculator', rpc('Frobnicate', {}));
    expect(unknown.body.error.code).toBe(-32601);
    const garbage = await call('calculator', rpc('', {}, { body: '{not json' }));
    expect(garbage.body.error).toBeDefined();
    const huge = await handleBuiltinA2ARequest(
      'calculator',
      rpc('SendMessage', {}, { body: 'x'.repeat(1024 * 1024 + 1) }),
      OPTIONS,
    );
    expect(huge.status).toBe(413);
  });
});

it('builds cards from the catalog', () => {
  expect(
    buildBuiltinAgentCard(findBuiltinAgent('synthesizer')!, PUBLIC_URL).skills.map((s) => s.id),
  ).toEqual(['synthesize']);
});
