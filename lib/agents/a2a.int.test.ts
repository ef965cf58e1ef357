/**
 * The a2a adapter against REAL A2A agents: servers built in this file with the official SDK
 * (`@a2a-js/sdk/server` + its Express handlers) on loopback, spoken to over HTTP.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Role, TaskState, type AgentCard, type Message } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
} from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { a2aAdapter, AgentCardError, fetchAgentCard } from './a2a';
import type { AgentTarget } from './types';

const SECRET = 'a2a-test-secret-4f8e2c';

function textOf(message: Message | undefined): string {
  return (message?.parts ?? [])
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .join('');
}

/** Replies "echo: <text>" in an artifact and completes; records what it received. */
function echoExecutor(
  received: Message[],
  outcome: 'complete' | 'fail' = 'complete',
): AgentExecutor {
  return {
    async execute({ taskId, contextId, userMessage }, bus) {
      received.push(userMessage);
      const status = (state: TaskState, text?: string) => ({
        state,
        timestamp: new Date().toISOString(),
        message: text
          ? {
              messageId: crypto.randomUUID(),
              contextId,
              taskId,
              role: Role.ROLE_AGENT,
              parts: [
                {
                  content: { $case: 'text' as const, value: text },
                  metadata: undefined,
                  filename: '',
                  mediaType: 'text/plain',
                },
              ],
              metadata: undefined,
              extensions: [],
              referenceTaskIds: [],
            }
          : undefined,
      });
      bus.publish(
        AgentEvent.task({
          id: taskId,
          contextId,
          status: status(TaskState.TASK_STATE_SUBMITTED),
          artifacts: [],
          history: [userMessage],
          metadata: undefined,
        }),
      );
      if (outcome === 'fail') {
        bus.publish(
          AgentEvent.statusUpdate({
            taskId,
            contextId,
            status: status(TaskState.TASK_STATE_FAILED, 'boom'),
            metadata: undefined,
          }),
        );
        return;
      }
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: {
            artifactId: 'reply',
            name: 'reply',
            description: '',
            parts: [
              {
                content: { $case: 'text', value: `echo: ${textOf(userMessage)}` },
                metadata: undefined,
                filename: '',
                mediaType: 'text/plain',
              },
            ],
            metadata: undefined,
            extensions: [],
          },
          append: false,
          lastChunk: true,
          metadata: undefined,
        }),
      );
      bus.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: status(TaskState.TASK_STATE_COMPLETED),
          metadata: undefined,
        }),
      );
    },
    async cancelTask() {},
  };
}

const SKILLS = [
  {
    id: 'echo',
    name: 'Echo',
    description: 'Repeats the text it receives.',
    tags: ['echo', 'test'],
    examples: ['hello'],
    inputModes: ['text/plain'],
    outputModes: [],
    securityRequirements: [],
  },
  {
    id: 'shout loudly!',
    name: 'Shout',
    description: 'Repeats the text in capitals.',
    tags: ['echo'],
    examples: [],
    inputModes: [],
    outputModes: [],
    securityRequirements: [],
  },
];

function cardFor(name: string, rpcUrl: string): AgentCard {
  return {
    name,
    description: `${name} test agent`,
    version: '0.1.0',
    supportedInterfaces: [
      { url: rpcUrl, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
    ],
    provider: undefined,
    capabilities: { streaming: true, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain', 'application/json'],
    skills: structuredClone(SKILLS),
    signatures: [],
  };
}

interface TestAgent {
  /** The card served now; tests change it to simulate drift. */
  card: AgentCard;
  received: Message[];
}

/** Mounts an A2A agent at `/<path>`: its card at `/<path>/.well-known/agent-card.json`. */
function mountAgent(
  app: express.Express,
  path: string,
  base: () => string,
  options: { outcome?: 'complete' | 'fail'; requireSecret?: boolean } = {},
): TestAgent {
  const agent: TestAgent = { card: cardFor(path, ''), received: [] };
  const handler = new DefaultRequestHandler(
    agent.card,
    new InMemoryTaskStore(),
    echoExecutor(agent.received, options.outcome),
  );
  app.use(
    `/${path}/.well-known/agent-card.json`,
    agentCardHandler({
      agentCardProvider: async () => ({
        ...agent.card,
        supportedInterfaces: [
          { ...agent.card.supportedInterfaces[0]!, url: `${base()}/${path}/rpc` },
        ],
      }),
      cache: { maxAge: 0 },
    }),
  );
  if (options.requireSecret) {
    app.use(`/${path}/rpc`, (request, response, next) => {
      if (request.headers.authorization === `Bearer ${SECRET}`) return next();
      // Echoes the credential back, as careless servers do: Baton must not repeat it.
      response
        .status(401)
        .json({ error: `bad credentials: ${request.headers.authorization ?? 'none'}` });
    });
  }
  app.use(
    `/${path}/rpc`,
    jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
  );
  return agent;
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}

function target(
  url: string,
  config: AgentTarget<'a2a'>['config'] = {},
  secret: string | null = null,
): AgentTarget<'a2a'> {
  return { id: 'agent-1', name: 'test-agent', kind: 'a2a', endpointUrl: url, config, secret };
}

let server: Server;
let base = '';
let echo: TestAgent;
let secure: TestAgent;
let failing: TestAgent;

beforeAll(async () => {
  const app = express();
  echo = mountAgent(app, 'echo', () => base);
  secure = mountAgent(app, 'secure', () => base, { requireSecret: true });
  failing = mountAgent(app, 'failing', () => base, { outcome: 'fail' });
  app.get('/invalid/.well-known/agent-card.json', (_request, response) => {
    response.json({ hello: 'world' });
  });
  app.get('/html/.well-known/agent-card.json', (_request, response) => {
    response.type('html').send('<html>Welcome</html>');
  });
  app.get('/metadata/.well-known/agent-card.json', (_request, response) => {
    response.json({
      ...cardFor('evil', 'http://169.254.169.254/latest/meta-data'),
      securitySchemes: undefined,
    });
  });
  // Never answers: the probe's timeout has to end the call.
  app.get('/slow/.well-known/agent-card.json', () => {});
  server = await listen(app);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await close(server);
});

describe('fetchAgentCard', () => {
  it("imports a real agent's card: skills become capabilities", async () => {
    const card = await fetchAgentCard(`${base}/echo`);
    expect(card).toMatchObject({
      cardUrl: `${base}/echo/.well-known/agent-card.json`,
      name: 'echo',
      version: '0.1.0',
      streaming: true,
      interfaces: [{ url: `${base}/echo/rpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    });
    expect(card.capabilities).toEqual([
      {
        name: 'echo',
        description: 'Repeats the text it receives.',
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain', 'application/json'],
        tags: ['echo', 'test'],
        examples: ['hello'],
      },
      {
        name: 'shout_loudly_',
        description: 'Repeats the text in capitals.',
        inputTypes: ['text/plain'],
        outputTypes: ['text/plain', 'application/json'],
        tags: ['echo'],
        examples: [],
      },
    ]);
  });

  it('gives the same hash for the same skills and a new one when they change (drift)', async () => {
    const first = await fetchAgentCard(`${base}/echo`);
    // Same skills, keys in another order, plus an unrelated card change: no drift.
    echo.card.skills = echo.card.skills.map(
      (skill) => Object.fromEntries(Object.entries(skill).reverse()) as typeof skill,
    );
    echo.card.description = 'A new description is not drift';
    expect((await fetchAgentCard(`${base}/echo`)).hash).toBe(first.hash);

    echo.card.skills = [...echo.card.skills, { ...SKILLS[0]!, id: 'reverse', name: 'Reverse' }];
    const drifted = await fetchAgentCard(`${base}/echo`);
    expect(drifted.hash).not.toBe(first.hash);
    expect(drifted.capabilities.map((capability) => capability.name)).toContain('reverse');
    echo.card.skills = structuredClone(SKILLS);
    expect((await fetchAgentCard(`${base}/echo`)).hash).toBe(first.hash);
  });

  it('names the problem with a missing, invalid or unsafe card', async () => {
    await expect(fetchAgentCard(`${base}/nothing-here`)).rejects.toThrow(
      `No agent card at ${base}/nothing-here/.well-known/agent-card.json (HTTP 404).`,
    );
    await expect(fetchAgentCard(`${base}/invalid`)).rejects.toThrow(
      `${base}/invalid/.well-known/agent-card.json is not a valid agent card: name is missing; supportedInterfaces (the URL to send messages to) is missing; skills is missing.`,
    );
    await expect(fetchAgentCard(`${base}/html`)).rejects.toThrow(
      `${base}/html/.well-known/agent-card.json is not a valid agent card: it is not JSON.`,
    );
    await expect(fetchAgentCard(`${base}/metadata`)).rejects.toThrow(/interface URL was refused/);
    await expect(fetchAgentCard(`${base}/slow`, { timeoutMs: 200 })).rejects.toThrow(
      `Timed out after 200 ms waiting for ${base}/slow/.well-known/agent-card.json.`,
    );
    const error = await fetchAgentCard(`${base}/nothing-here`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentCardError);
    expect((error as AgentCardError).code).toBe('HTTP');
  });
});

describe('a2aAdapter.probe', () => {
  it('reads the card and, with canary, requires a reply to a short message', async () => {
    const before = echo.received.length;
    const result = await a2aAdapter.probe(target(`${base}/echo`, { canary: true }), {
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: true, card: { name: 'echo' } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(echo.received).toHaveLength(before + 1);
    expect(textOf(echo.received.at(-1))).toBe('ping');
    expect(echo.received.at(-1)?.metadata).toEqual({ baton: { canary: true } });
  });

  it('without canary only reads the card', async () => {
    const before = echo.received.length;
    expect(await a2aAdapter.probe(target(`${base}/echo`), { timeoutMs: 5_000 })).toMatchObject({
      ok: true,
    });
    expect(echo.received).toHaveLength(before);
  });

  it('sends the secret as a bearer token and never repeats it in an error', async () => {
    expect(
      await a2aAdapter.probe(target(`${base}/secure`, { canary: true }, SECRET), {
        timeoutMs: 5_000,
      }),
    ).toMatchObject({ ok: true });
    expect(secure.received).toHaveLength(1);

    const wrong = `${SECRET}-wrong`;
    const result = await a2aAdapter.probe(target(`${base}/secure`, { canary: true }, wrong), {
      timeoutMs: 5_000,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/401/);
    expect(result.error).not.toContain(wrong);
    expect(result.card?.name).toBe('secure'); // the card was read: drift can still be checked
  });

  it('fails when the canary task fails', async () => {
    const result = await a2aAdapter.probe(target(`${base}/failing`, { canary: true }), {
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: false, error: 'The canary task ended FAILED: boom.' });
    expect(failing.received).toHaveLength(1);
  });

  it('fails with a clear error for a missing card, a timeout and a refused URL', async () => {
    expect(
      await a2aAdapter.probe(target(`${base}/nothing-here`), { timeoutMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      error: `No agent card at ${base}/nothing-here/.well-known/agent-card.json (HTTP 404).`,
    });
    expect(await a2aAdapter.probe(target(`${base}/slow`), { timeoutMs: 300 })).toMatchObject({
      ok: false,
      error: `Timed out after 300 ms waiting for ${base}/slow/.well-known/agent-card.json.`,
    });
    expect(
      await a2aAdapter.probe(target('http://169.254.169.254/'), { timeoutMs: 300 }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Link-local addresses/),
    });
  });

  it('fails with a clear error once the agent is stopped', async () => {
    const app = express();
    mountAgent(app, 'short-lived', () => url);
    const shortLived = await listen(app);
    const url = `http://127.0.0.1:${(shortLived.address() as AddressInfo).port}`;
    const agent = target(`${url}/short-lived`, { canary: true });
    expect(await a2aAdapter.probe(agent, { timeoutMs: 5_000 })).toMatchObject({ ok: true });

    await close(shortLived);
    expect(await a2aAdapter.probe(agent, { timeoutMs: 5_000 })).toMatchObject({
      ok: false,
      error: `Could not connect to ${url}/short-lived/.well-known/agent-card.json (connection refused).`,
    });
  });
});
