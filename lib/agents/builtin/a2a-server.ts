/**
 * Baton serves its builtin agents over A2A (protocol v1.0, JSON-RPC binding), so a fresh install can
 * register a real A2A agent by URL and exercise the whole remote path:
 *
 *   card:     GET  <public URL>/api/a2a/builtin/<name>/.well-known/agent-card.json   (public)
 *   JSON-RPC: POST <public URL>/api/a2a/builtin/<name>   SendMessage, SendStreamingMessage,
 *             GetTask, ListTasks, CancelTask, SubscribeToTask                   (operator token)
 *
 * Next.js route handlers are not Express, so this wires the SDK's framework-agnostic pieces
 * (DefaultRequestHandler + JsonRpcTransportHandler) to a web `Request`/`Response`, mirroring what
 * the SDK's Express `jsonRpcHandler` does. The executor runs `runBuiltin` — the same code the
 * in-process builtin adapter runs.
 *
 * Tasks are kept per caller (the SDK scopes them by the authenticated user) in the task store the
 * caller injects: the route passes Baton's PostgreSQL store (lib/server/a2a-task-store.ts, ADR 0053),
 * so a task is readable and cancellable from any Baton process; this module stays free of the
 * database.
 */
import {
  A2A_VERSION_HEADER,
  AgentCard,
  Extensions,
  formatSSEErrorEvent,
  formatSSEEvent,
  Role,
  SSE_HEADERS,
  TaskState,
  type Message,
  type Part,
  type Task,
} from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  defaultServerCallContextBuilder,
  JsonRpcTransportHandler,
  validateVersion,
  type A2ARequestHandler,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
  type TaskStore,
  type User,
} from '@a2a-js/sdk/server';
import { logger } from '@/lib/logger';
import { BATON_VERSION } from '@/lib/version';
import { CANARY_METADATA } from '../a2a-probe';
import type { BuiltinAgentName } from '../config';
import type { BuiltinAgentDefinition } from './catalog';
import { BuiltinError } from './input';
import { findBuiltinAgent, runBuiltin } from './run';

/** Route of the JSON-RPC endpoint; the card is at `<this>/.well-known/agent-card.json`. */
export function builtinA2APath(name: string): string {
  return `/api/a2a/builtin/${name}`;
}

export function builtinA2AUrl(name: string, publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${builtinA2APath(name)}`;
}

export const BEARER_SCHEME = 'baton_api_token';
/** JSON-RPC request bodies above this size are refused before parsing. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

function humanize(capability: string): string {
  const words = capability.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What every card Baton serves shares: streaming JSON-RPC, an operator API token as bearer, text and
 * JSON in and out (the builtin agents and Baton's own orchestrator card).
 */
export const BATON_CARD_COMMON = {
  capabilities: {
    streaming: true,
    pushNotifications: false,
    extensions: [],
    extendedAgentCard: false,
  },
  securitySchemes: {
    [BEARER_SCHEME]: {
      scheme: {
        $case: 'httpAuthSecurityScheme',
        value: {
          description:
            'A Baton API token with the operator role (Settings → API tokens), sent as "Authorization: Bearer <token>".',
          scheme: 'Bearer',
          bearerFormat: '',
        },
      },
    },
  },
  securityRequirements: [{ schemes: { [BEARER_SCHEME]: { list: [] } } }],
  defaultInputModes: ['text/plain', 'application/json'],
  defaultOutputModes: ['text/plain', 'application/json'],
} satisfies Partial<AgentCard>;

/** The agent card of a builtin agent (SDK shape; serve it with `AgentCard.toJSON`). */
export function buildBuiltinAgentCard(
  definition: BuiltinAgentDefinition,
  publicUrl: string,
): AgentCard {
  return {
    name: definition.displayName,
    description: definition.description,
    version: BATON_VERSION,
    supportedInterfaces: [
      {
        url: builtinA2AUrl(definition.name, publicUrl),
        protocolBinding: 'JSONRPC',
        tenant: '',
        protocolVersion: '1.0',
      },
    ],
    provider: { organization: 'Baton (builtin agent)', url: publicUrl },
    documentationUrl: undefined,
    iconUrl: undefined,
    ...BATON_CARD_COMMON,
    skills: definition.capabilities.map((capability) => ({
      id: capability.name,
      name: humanize(capability.name),
      description: capability.description,
      tags: [...capability.tags],
      examples: [...capability.examples],
      inputModes: [...capability.inputTypes],
      outputModes: [...capability.outputTypes],
      securityRequirements: [],
    })),
    signatures: [],
  };
}

/** The card as JSON on the wire (v1.0 proto JSON), or null for an unknown agent. */
export function builtinAgentCardJson(name: string, publicUrl: string): unknown {
  const definition = findBuiltinAgent(name);
  return definition ? AgentCard.toJSON(buildBuiltinAgentCard(definition, publicUrl)) : null;
}

// ---------------------------------------------------------------------------------------------
// Executor

export function textPart(value: string): Part {
  return {
    content: { $case: 'text', value },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

export function dataPart(value: unknown): Part {
  return {
    content: { $case: 'data', value },
    metadata: undefined,
    filename: '',
    mediaType: 'application/json',
  };
}

export function agentMessage(text: string, taskId: string, contextId: string): Message {
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

function isCanary(message: Message): boolean {
  const baton = (message.metadata as { baton?: { canary?: unknown } } | undefined)?.baton;
  return baton?.canary === CANARY_METADATA.baton.canary;
}

/**
 * Which capability a message asks for: `metadata.skill` (or `capability`) on the message or the
 * request; the agent's only capability; or the one whose name and tags the text mentions most.
 */
export function selectCapability(
  definition: BuiltinAgentDefinition,
  text: string,
  metadata: Record<string, unknown>[],
): string {
  const names = definition.capabilities.map((capability) => capability.name);
  for (const source of metadata) {
    const asked = source.skill ?? source.capability;
    if (typeof asked === 'string' && asked) {
      if (names.includes(asked)) return asked;
      throw new BuiltinError(
        'UNKNOWN_CAPABILITY',
        `${definition.displayName} has no skill "${asked}" (it has: ${names.join(', ')}).`,
      );
    }
  }
  if (names.length === 1) return names[0]!;
  // Tags every capability shares ("text") say nothing about which one is meant.
  const shared = new Set(
    definition.capabilities
      .map((capability) => capability.tags)
      .reduce((common, tags) => common.filter((tag) => tags.includes(tag))),
  );
  const lower = text.toLowerCase();
  const scored = definition.capabilities.map((capability) => {
    const terms = [...capability.name.split('_'), ...capability.tags].filter(
      (term) => !shared.has(term) && term.length > 2,
    );
    const score = new Set(
      terms.filter((term) =>
        new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(lower),
      ),
    ).size;
    return { name: capability.name, score };
  });
  const best = Math.max(...scored.map((entry) => entry.score));
  const winners = scored.filter((entry) => entry.score === best);
  if (best > 0 && winners.length === 1) return winners[0]!.name;
  throw new BuiltinError(
    'UNKNOWN_CAPABILITY',
    `Say which skill to use: set "skill" in the message metadata to one of ${names.join(', ')}.`,
  );
}

class BuiltinAgentExecutor implements AgentExecutor {
  /** contextId of each task being executed, for the cancel event. */
  private readonly running = new Map<string, string>();
  private readonly cancelled = new Set<string>();

  constructor(private readonly definition: BuiltinAgentDefinition) {}

  async execute(requestContext: RequestContext, eventBus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId, userMessage } = requestContext;
    const now = () => new Date().toISOString();

    if (isCanary(userMessage)) {
      eventBus.publish(AgentEvent.message({ ...agentMessage('pong', '', contextId), taskId: '' }));
      return;
    }

    const task: Task = {
      id: taskId,
      contextId,
      status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: now() },
      artifacts: [],
      history: [userMessage],
      metadata: undefined,
    };
    eventBus.publish(AgentEvent.task(task));
    this.running.set(taskId, contextId);
    const status = (state: TaskState, text?: string) =>
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: {
          state,
          message: text === undefined ? undefined : agentMessage(text, taskId, contextId),
          timestamp: now(),
        },
        metadata: undefined,
      });
    try {
      eventBus.publish(status(TaskState.TASK_STATE_WORKING));
      const texts: string[] = [];
      const data: unknown[] = [];
      for (const part of userMessage.parts) {
        if (part.content?.$case === 'text') texts.push(part.content.value);
        if (part.content?.$case === 'data') data.push(part.content.value);
      }
      const text = texts.join('\n');
      const metadata = [userMessage.metadata, requestContext.request.metadata].filter(
        (value): value is Record<string, unknown> => !!value && typeof value === 'object',
      );
      let result;
      let capability: string;
      try {
        capability = selectCapability(this.definition, text, metadata);
        result = runBuiltin(this.definition.name, capability, {
          text,
          context: data.length === 0 ? undefined : data.length === 1 ? data[0] : data,
        });
      } catch (error) {
        if (!(error instanceof BuiltinError)) {
          logger.error(
            { err: error, agent: this.definition.name, taskId },
            'builtin agent failed unexpectedly',
          );
        }
        const message =
          error instanceof BuiltinError
            ? error.message
            : 'The builtin agent failed unexpectedly; the error is in the Baton server log.';
        // A cancel that arrived meanwhile already published the terminal state.
        if (!this.cancelled.has(taskId))
          eventBus.publish(status(TaskState.TASK_STATE_FAILED, message));
        return;
      }
      if (this.cancelled.has(taskId)) return;
      eventBus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: {
            artifactId: 'result',
            name: capability,
            description: `Result of ${capability}`,
            parts: [textPart(result.text), dataPart(result.output)],
            metadata: { capability },
            extensions: [],
          },
          append: false,
          lastChunk: true,
          metadata: undefined,
        }),
      );
      eventBus.publish(status(TaskState.TASK_STATE_COMPLETED, result.text));
    } finally {
      this.running.delete(taskId);
      this.cancelled.delete(taskId);
    }
  }

  /**
   * The SDK's cancel waits for a terminal event on the task's bus, so cancelling must publish one
   * (toolchain.md); `execute` then publishes nothing more for the task.
   */
  async cancelTask(taskId: string, eventBus: ExecutionEventBus): Promise<void> {
    const contextId = this.running.get(taskId);
    if (contextId === undefined) return;
    this.cancelled.add(taskId);
    eventBus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: {
          state: TaskState.TASK_STATE_CANCELED,
          message: agentMessage('Cancelled on request.', taskId, contextId),
          timestamp: new Date().toISOString(),
        },
        metadata: undefined,
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface A2AServer {
  card: AgentCard;
  transport: JsonRpcTransportHandler;
}

const globalForA2A = globalThis as typeof globalThis & {
  batonA2AServers?: Map<string, A2AServer>;
};

/**
 * One A2A server per key and process, kept on globalThis so that Next.js module reloads keep the
 * SDK's in-flight task state. Used by the builtin agents and by Baton's orchestrator endpoint.
 */
export function sharedA2AServer(key: string, build: () => A2AServer): A2AServer {
  const servers = (globalForA2A.batonA2AServers ??= new Map());
  let server = servers.get(key);
  if (!server) {
    server = build();
    servers.set(key, server);
  }
  return server;
}

/** An A2A server: the card it serves and the SDK's JSON-RPC transport over its request handler. */
export function a2aServer(card: AgentCard, handler: A2ARequestHandler): A2AServer {
  return { card, transport: new JsonRpcTransportHandler(handler) };
}

/** A request handler for one builtin agent, keeping its tasks in `taskStore`. */
export function createBuiltinA2AServer(
  name: BuiltinAgentName,
  publicUrl: string,
  taskStore: TaskStore,
): A2AServer {
  const definition = findBuiltinAgent(name);
  if (!definition) throw new Error(`Unknown builtin agent ${name}`);
  const card = buildBuiltinAgentCard(definition, publicUrl);
  return a2aServer(
    card,
    new DefaultRequestHandler(card, taskStore, new BuiltinAgentExecutor(definition)),
  );
}

/** One request handler per builtin agent and public URL, per process. */
function getA2AServer(
  name: BuiltinAgentName,
  publicUrl: string,
  createTaskStore: (endpoint: `builtin:${string}`) => TaskStore,
): A2AServer {
  return sharedA2AServer(`builtin:${name}\n${publicUrl}`, () =>
    createBuiltinA2AServer(name, publicUrl, createTaskStore(`builtin:${name}`)),
  );
}

/** The caller as the SDK sees it: tasks are scoped to it (one API token cannot read another's). */
class BatonCaller implements User {
  constructor(private readonly name: string) {}
  get isAuthenticated(): boolean {
    return true;
  }
  get userName(): string {
    return this.name;
  }
}

type JsonRpcId = string | number | null;

function rpcError(id: JsonRpcId, error: unknown) {
  return { jsonrpc: '2.0', id, error: JsonRpcTransportHandler.mapToJSONRPCError(error) };
}

const INTERNAL_ERROR = -32603;

export interface BuiltinA2ARequestOptions {
  /** Baton's public URL (the card names its endpoint with it). */
  publicUrl: string;
  /** Who is calling (an actor such as `token:<id>`): tasks are scoped to it. */
  caller: string;
  /**
   * The task store of the agent's endpoint, created once per agent and process (`builtin:<name>`).
   * The route passes Baton's PostgreSQL store; tests without a database pass the SDK's in-memory one.
   */
  createTaskStore: (endpoint: `builtin:${string}`) => TaskStore;
}

/**
 * Serves one JSON-RPC request to the builtin agent `name`. The caller has been authenticated and
 * authorized already (the route does that). Unknown agents are the route's 404.
 */
export async function handleBuiltinA2ARequest(
  name: BuiltinAgentName,
  request: Request,
  options: BuiltinA2ARequestOptions,
): Promise<Response> {
  return serveA2AJsonRpc(getA2AServer(name, options.publicUrl, options.createTaskStore), request, {
    caller: options.caller,
    label: `builtin agent ${name}`,
  });
}

/**
 * Serves one JSON-RPC request with an SDK request handler: size cap, version check, the caller as
 * the SDK's user (tasks are scoped to it), JSON or Server-Sent Events out. Shared by the builtin
 * agents and Baton's own orchestrator endpoint (lib/server/a2a-orchestrator.ts).
 */
export async function serveA2AJsonRpc(
  server: A2AServer,
  request: Request,
  options: { caller: string; label: string },
): Promise<Response> {
  const { card, transport } = server;

  const declared = Number(request.headers.get('content-length'));
  const body =
    Number.isFinite(declared) && declared > MAX_REQUEST_BYTES ? null : await request.text();
  if (body === null || body.length > MAX_REQUEST_BYTES) {
    return Response.json(
      {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: 'The request body is larger than 1 MiB.' },
      },
      { status: 413 },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const id: JsonRpcId =
    parsed && typeof parsed === 'object' && 'id' in parsed
      ? ((parsed as { id: JsonRpcId }).id ?? null)
      : null;

  try {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      // The SDK keeps request headers in the call context; credentials have no business there.
      if (key !== 'authorization' && key !== 'cookie') headers[key] = value;
    });
    const context = defaultServerCallContextBuilder({
      extensions: Extensions.parseServiceParameter(
        request.headers.get('A2A-Extensions') ?? undefined,
      ),
      user: new BatonCaller(options.caller),
      headers,
      requestedVersion: request.headers.get(A2A_VERSION_HEADER) ?? undefined,
    });
    validateVersion(context.requestedVersion, card, 'JSONRPC');
    const result = await transport.handle(
      parsed === undefined ? body : (parsed as Record<string, unknown>),
      context,
    );
    if (!isAsyncIterable(result)) return Response.json(result);
    return await streamResponse(result, id);
  } catch (error) {
    const response = rpcError(id, error);
    if (response.error.code === INTERNAL_ERROR) {
      logger.error({ err: error, endpoint: options.label }, 'A2A request failed');
    }
    return Response.json(response, { status: response.error.code === INTERNAL_ERROR ? 500 : 200 });
  }
}

function isAsyncIterable(value: unknown): value is AsyncGenerator<unknown, void, undefined> {
  return !!value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/**
 * Server-Sent Events, as the SDK's Express handler sends them. The first event is awaited before
 * answering, so an error that happens before anything streamed is a plain JSON-RPC error reply.
 */
async function streamResponse(
  stream: AsyncGenerator<unknown, void, undefined>,
  id: JsonRpcId,
): Promise<Response> {
  let first: IteratorResult<unknown, void>;
  try {
    first = await stream.next();
  } catch (error) {
    return Response.json(rpcError(id, error));
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(formatSSEEvent(first.value)));
    },
    async pull(controller) {
      try {
        const next = await stream.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(formatSSEEvent(next.value)));
      } catch (error) {
        controller.enqueue(encoder.encode(formatSSEErrorEvent(rpcError(id, error))));
        controller.close();
      }
    },
    async cancel() {
      await stream.return(undefined);
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS } });
}
