/**
 * A real A2A agent for tests, built with the official SDK's server and Express handlers on loopback:
 * its card at `<url>/.well-known/agent-card.json`, JSON-RPC at `<url>/rpc`. `card.skills` can be
 * changed to simulate drift, and `stop()` takes it off the network to simulate an outage.
 *
 * What the executor does with each message is `agent.behaviour` (set it at start or between calls):
 * - `echo` (default): an artifact "echo: <text>", then COMPLETED.
 * - `fail`: FAILED, with the status message "failed: <text>".
 * - `hang`: WORKING, then nothing until CancelTask arrives (→ CANCELED) or the test calls
 *   `release()` (→ the echo reply and COMPLETED).
 * - `input-required`: INPUT_REQUIRED, with the status message "Which one?".
 *
 * `completionMetadata` (settable between calls) is sent as the metadata of the COMPLETED status
 * update, e.g. `{ usage: { inputTokens, outputTokens, costMicros } }` as an agent reporting its usage
 * would (ADR 0054).
 *
 * Every message is recorded in `received` (so `received.length` counts deliveries) and every
 * CancelTask's task id in `cancelled`. `streaming: false` serves a card without streaming; `secret`
 * makes JSON-RPC calls require `Authorization: Bearer <secret>` (the card stays public) and answers
 * a wrong one with 401 and a body that echoes the header, as careless servers do.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role, TaskState, type AgentCard, type AgentSkill, type Message } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
  type ExecutionEventBus,
} from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';

export type TestAgentBehaviour = 'echo' | 'fail' | 'hang' | 'input-required';

export interface TestA2AAgentOptions {
  name?: string;
  /** Default: one `echo` skill. */
  skills?: AgentSkill[];
  /** Default `echo`. */
  behaviour?: TestAgentBehaviour;
  /** Whether the card announces streaming. Default true. */
  streaming?: boolean;
  /** Require this bearer token on JSON-RPC calls. Default: none. */
  secret?: string;
  /** Metadata of the COMPLETED status update. Default: none. */
  completionMetadata?: Record<string, unknown>;
}

export interface TestA2AAgent {
  /** Base URL to register (`http://127.0.0.1:<port>/agent`). */
  url: string;
  /** The card served now: change `card.skills` to simulate drift. */
  card: AgentCard;
  /** What the executor does with the next message. */
  behaviour: TestAgentBehaviour;
  /** Metadata of the next COMPLETED status update (usage reports, ADR 0054). */
  completionMetadata: Record<string, unknown> | undefined;
  /** Messages received, in order. */
  received: Message[];
  /** Task ids for which CancelTask arrived. */
  cancelled: string[];
  /** Completes every `hang` task still waiting, as `echo` would have. */
  release(): void;
  stop(): Promise<void>;
}

export function skill(id: string, overrides: Partial<AgentSkill> = {}): AgentSkill {
  return {
    id,
    name: id,
    description: `The ${id} skill`,
    tags: ['test'],
    examples: [],
    inputModes: ['text/plain'],
    outputModes: ['text/plain'],
    securityRequirements: [],
    ...overrides,
  };
}

export function textOf(message: Message | undefined): string {
  return (message?.parts ?? [])
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .join('');
}

function textPart(value: string) {
  return {
    content: { $case: 'text' as const, value },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

function agentMessage(text: string, taskId: string, contextId: string): Message {
  return {
    messageId: crypto.randomUUID(),
    contextId,
    taskId,
    role: Role.ROLE_AGENT,
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

function publishStatus(
  bus: ExecutionEventBus,
  taskId: string,
  contextId: string,
  state: TaskState,
  text?: string,
  metadata?: Record<string, unknown>,
) {
  bus.publish(
    AgentEvent.statusUpdate({
      taskId,
      contextId,
      status: {
        state,
        timestamp: new Date().toISOString(),
        message: text === undefined ? undefined : agentMessage(text, taskId, contextId),
      },
      metadata,
    }),
  );
}

type HangOutcome = 'cancel' | 'complete';

function publishEcho(
  bus: ExecutionEventBus,
  taskId: string,
  contextId: string,
  text: string,
  metadata?: Record<string, unknown>,
) {
  bus.publish(
    AgentEvent.artifactUpdate({
      taskId,
      contextId,
      artifact: {
        artifactId: 'reply',
        name: 'reply',
        description: '',
        parts: [textPart(`echo: ${text}`)],
        metadata: undefined,
        extensions: [],
      },
      append: false,
      lastChunk: true,
      metadata: undefined,
    }),
  );
  publishStatus(bus, taskId, contextId, TaskState.TASK_STATE_COMPLETED, undefined, metadata);
}

/** Runs `agent.behaviour`; `hanging` holds how to end each `hang` task still waiting. */
function testExecutor(
  agent: TestA2AAgent,
  hanging: Map<string, (outcome: HangOutcome) => void>,
): AgentExecutor {
  return {
    async execute({ taskId, contextId, userMessage }, bus) {
      agent.received.push(userMessage);
      bus.publish(
        AgentEvent.task({
          id: taskId,
          contextId,
          status: {
            state: TaskState.TASK_STATE_SUBMITTED,
            timestamp: new Date().toISOString(),
            message: undefined,
          },
          artifacts: [],
          history: [userMessage],
          metadata: undefined,
        }),
      );
      switch (agent.behaviour) {
        case 'fail':
          publishStatus(
            bus,
            taskId,
            contextId,
            TaskState.TASK_STATE_FAILED,
            `failed: ${textOf(userMessage)}`,
          );
          return;
        case 'input-required':
          publishStatus(bus, taskId, contextId, TaskState.TASK_STATE_INPUT_REQUIRED, 'Which one?');
          return;
        case 'hang': {
          publishStatus(bus, taskId, contextId, TaskState.TASK_STATE_WORKING);
          // cancelTask publishes CANCELED itself: nothing more is published for the task then.
          const outcome = await new Promise<HangOutcome>((resolve) => hanging.set(taskId, resolve));
          if (outcome === 'complete')
            publishEcho(bus, taskId, contextId, textOf(userMessage), agent.completionMetadata);
          return;
        }
        case 'echo':
          publishEcho(bus, taskId, contextId, textOf(userMessage), agent.completionMetadata);
          return;
      }
    },
    // The SDK's CancelTask waits for a terminal event on the task's bus, so publish one.
    async cancelTask(taskId, bus) {
      agent.cancelled.push(taskId);
      publishStatus(bus, taskId, '', TaskState.TASK_STATE_CANCELED, 'Cancelled on request.');
      hanging.get(taskId)?.('cancel');
      hanging.delete(taskId);
    },
  };
}

export async function startTestA2AAgent(options: TestA2AAgentOptions = {}): Promise<TestA2AAgent> {
  const app = express();
  let base = '';
  const hanging = new Map<string, (outcome: HangOutcome) => void>();
  const agent: TestA2AAgent = {
    url: '',
    card: {
      name: options.name ?? 'Test agent',
      description: 'An A2A agent started by a test',
      version: '1.0.0',
      supportedInterfaces: [
        { url: '', protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' },
      ],
      provider: undefined,
      capabilities: {
        streaming: options.streaming ?? true,
        pushNotifications: false,
        extensions: [],
      },
      securitySchemes: {},
      securityRequirements: [],
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: options.skills ?? [skill('echo')],
      signatures: [],
    },
    behaviour: options.behaviour ?? 'echo',
    completionMetadata: options.completionMetadata,
    received: [],
    cancelled: [],
    release: () => {
      for (const end of hanging.values()) end('complete');
      hanging.clear();
    },
    stop: async () => {},
  };
  const handler = new DefaultRequestHandler(
    agent.card,
    new InMemoryTaskStore(),
    testExecutor(agent, hanging),
  );
  app.use(
    '/agent/.well-known/agent-card.json',
    agentCardHandler({
      agentCardProvider: async () => ({
        ...agent.card,
        supportedInterfaces: [{ ...agent.card.supportedInterfaces[0]!, url: `${base}/agent/rpc` }],
      }),
      cache: { maxAge: 0 },
    }),
  );
  if (options.secret) {
    const expected = `Bearer ${options.secret}`;
    app.use('/agent/rpc', (request, response, next) => {
      if (request.headers.authorization === expected) return next();
      response.status(401).json({ error: `bad credentials: ${request.headers.authorization}` });
    });
  }
  app.use(
    '/agent/rpc',
    jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  agent.url = `${base}/agent`;
  agent.stop = () => {
    // Hanging executors would keep their promises (and the SDK's buses) alive forever.
    for (const end of hanging.values()) end('cancel');
    hanging.clear();
    server.closeAllConnections();
    return new Promise((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  };
  return agent;
}
