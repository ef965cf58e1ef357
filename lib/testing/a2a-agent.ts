/**
 * A real A2A agent for tests, built with the official SDK's server and Express handlers on loopback:
 * its card at `<url>/.well-known/agent-card.json`, JSON-RPC at `<url>/rpc`. The executor replies
 * "echo: <text>" (or runs the given behaviour); `card.skills` can be changed to simulate drift, and
 * `stop()` takes it off the network to simulate an outage.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TaskState, type AgentCard, type AgentSkill, type Message } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  type AgentExecutor,
} from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import express from 'express';

export interface TestA2AAgent {
  /** Base URL to register (`http://127.0.0.1:<port>/agent`). */
  url: string;
  /** The card served now: change `card.skills` to simulate drift. */
  card: AgentCard;
  /** Messages received, in order. */
  received: Message[];
  /** Task ids for which CancelTask arrived. */
  cancelled: string[];
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

function echoExecutor(agent: TestA2AAgent): AgentExecutor {
  return {
    async execute({ taskId, contextId, userMessage }, bus) {
      agent.received.push(userMessage);
      const status = (state: TaskState) => ({
        state,
        timestamp: new Date().toISOString(),
        message: undefined,
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
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: {
            artifactId: 'reply',
            name: 'reply',
            description: '',
            parts: [textPart(`echo: ${textOf(userMessage)}`)],
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
    async cancelTask(taskId, bus) {
      agent.cancelled.push(taskId);
      bus.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId: '',
          status: {
            state: TaskState.TASK_STATE_CANCELED,
            timestamp: new Date().toISOString(),
            message: undefined,
          },
          metadata: undefined,
        }),
      );
    },
  };
}

export async function startTestA2AAgent(
  options: { name?: string; skills?: AgentSkill[] } = {},
): Promise<TestA2AAgent> {
  const app = express();
  let base = '';
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
      capabilities: { streaming: true, pushNotifications: false, extensions: [] },
      securitySchemes: {},
      securityRequirements: [],
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: options.skills ?? [skill('echo')],
      signatures: [],
    },
    received: [],
    cancelled: [],
    stop: async () => {},
  };
  const handler = new DefaultRequestHandler(
    agent.card,
    new InMemoryTaskStore(),
    echoExecutor(agent),
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
    server.closeAllConnections();
    return new Promise((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  };
  return agent;
}
