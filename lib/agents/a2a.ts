/**
 * The `a2a` adapter: any Agent2Agent agent, through the official `@a2a-js/sdk` (protocol v1.0, with
 * the SDK's v0.3 compatibility layer on so older agents work too). Registration reads the agent card
 * at `<url>/.well-known/agent-card.json` and imports its skills as capabilities; health checks read
 * it again (the hash says whether the skills drifted) and, with `canary: true`, send a short message
 * that must get a reply.
 *
 * All traffic goes through safeFetch: every URL — the registered one, the interfaces the card names,
 * redirects — must pass validateAgentUrl, and bodies are size-capped.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Role,
  TaskState,
  taskStateToJSON,
  type AgentCard,
  type Artifact,
  type Message,
  type Part,
  type SendMessageRequest,
  type Task,
  type TaskArtifactUpdateEvent,
  type TaskStatus,
  type TaskStatusUpdateEvent,
} from '@a2a-js/sdk';
import {
  type Client,
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type AgentCardResolver,
} from '@a2a-js/sdk/client';
import {
  A2A_ERROR_CODE,
  isJsonRpcError,
  isRestError,
  TaskNotCancelableError,
  TaskNotFoundError,
  type JsonRpcA2AError,
  type RestA2AError,
} from '@a2a-js/sdk/errors';
import { z } from 'zod';
import type { ErrorKind } from '@/lib/engine';
import { logger } from '@/lib/logger';
import { scopeCardInterfaces } from './a2a-origin';
import { readReportedUsage } from './a2a-usage';
import { skillsToCapabilities } from './card';
import { hashSkills } from './card-hash';
import {
  agentHeaders,
  BodyTooLargeError,
  createDeadline,
  describeNetworkError,
  discardBody,
  displayUrl,
  elapsedSince,
  parseRetryAfter,
  readTextCapped,
  safeFetch,
  sanitizeMessage,
  type Deadline,
} from './http';
import type {
  AgentAdapter,
  AgentTarget,
  CancelRequest,
  ImportedCard,
  ImportedInterface,
  InvokeFailure,
  InvokeRequest,
  InvokeResult,
  InvokeSuccess,
  ProbeResult,
  RemoteCancelOutcome,
} from './types';
import { validateAgentUrl } from './url';

export const AGENT_CARD_PATH = '.well-known/agent-card.json';
/** Cards are small; anything bigger is a misconfigured or hostile server. */
export const MAX_CARD_BYTES = 1024 * 1024;
/** Bound on non-streaming JSON-RPC / REST responses read by the adapter. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
export const MAX_SKILLS = 200;
/** Transports Baton's client speaks (gRPC would need @grpc/grpc-js). */
const CALLABLE_BINDINGS = new Set(['JSONRPC', 'HTTP+JSON']);
const LEGACY_COMPAT = { enabled: true } as const;

export type AgentCardErrorCode = 'INVALID_URL' | 'UNREACHABLE' | 'HTTP' | 'INVALID_CARD';

/** Reading a card failed; `message` is short and meant for the operator. */
export class AgentCardError extends Error {
  /** The HTTP status of the card request, for `HTTP` errors. */
  readonly status?: number;

  constructor(
    readonly code: AgentCardErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = 'AgentCardError';
    if (options?.status !== undefined) this.status = options.status;
  }
}

/** Upper bound for reading a card when the caller gives none (registration forms, API calls). */
export const DEFAULT_CARD_TIMEOUT_MS = 10_000;

export interface FetchAgentCardOptions {
  signal?: AbortSignal;
  /** Default DEFAULT_CARD_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Sent with the card request (non-secret config headers, and the bearer secret if any). */
  headers?: Record<string, string>;
  /** When set, interfaces on other origins need approval before the secret goes there (ADR 0050). */
  approvedOrigins?: readonly string[];
}

/**
 * Where the card of the agent at `baseUrl` lives: `<baseUrl>/.well-known/agent-card.json`, relative
 * to the URL's path (`http://localhost:3000/api/a2a/builtin/calculator` → `…/calculator/.well-known/
 * agent-card.json`). A URL that already names the card is used as it is.
 */
export function agentCardUrl(baseUrl: string): string {
  const check = validateAgentUrl(baseUrl);
  if (!check.ok) throw new AgentCardError('INVALID_URL', check.message);
  const url = new URL(check.url);
  if (url.pathname.endsWith(`/${AGENT_CARD_PATH}`)) return url.href;
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return new URL(AGENT_CARD_PATH, url).href;
}

/** Reads and imports an agent card. Throws AgentCardError with a message naming the problem. */
export async function fetchAgentCard(
  baseUrl: string,
  options: FetchAgentCardOptions = {},
): Promise<ImportedCard> {
  return (await resolveAgentCard(baseUrl, options)).imported;
}

interface ResolvedCard {
  imported: ImportedCard;
  /** The SDK's card (normalized), for building a client. */
  sdkCard: AgentCard;
}

async function resolveAgentCard(
  baseUrl: string,
  options: FetchAgentCardOptions,
): Promise<ResolvedCard> {
  const deadline = createDeadline(options.timeoutMs ?? DEFAULT_CARD_TIMEOUT_MS, options.signal);
  try {
    return await resolveAgentCardWithin(baseUrl, deadline.signal, options.headers, options);
  } finally {
    deadline.dispose();
  }
}

async function resolveAgentCardWithin(
  baseUrl: string,
  signal: AbortSignal,
  headers: Record<string, string> | undefined,
  { approvedOrigins }: FetchAgentCardOptions = {},
): Promise<ResolvedCard> {
  const cardUrl = agentCardUrl(baseUrl);
  const where = displayUrl(cardUrl);
  let status: number | null = null;
  let raw: unknown;

  // The SDK's resolver does the fetching and the v0.3 → v1.0 translation; this fetch adds the
  // caller's headers and signal, refuses unsafe URLs, caps the size and keeps what we need for
  // precise errors (the status, and whether the body was JSON at all).
  const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers ?? {})) merged.set(name, value);
    const response = await safeFetch(input, { ...init, headers: merged, signal });
    status = response.status;
    if (!response.ok) {
      await discardBody(response);
      return new Response(null, { status: response.status });
    }
    const text = await readTextCapped(response, MAX_CARD_BYTES);
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AgentCardError(
        'INVALID_CARD',
        `${where} is not a valid agent card: it is not JSON.`,
      );
    }
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;

  const resolver = new DefaultAgentCardResolver({ fetchImpl, legacyCompat: LEGACY_COMPAT });
  let sdkCard: AgentCard;
  try {
    sdkCard = await resolver.resolve(cardUrl, '');
  } catch (error) {
    if (error instanceof AgentCardError) throw error;
    if (status !== null && status >= 300) {
      const hint = status === 401 || status === 403 ? ": check the agent's secret" : '';
      throw new AgentCardError('HTTP', `No agent card at ${where} (HTTP ${status}${hint}).`, {
        cause: error,
        status,
      });
    }
    const network = describeNetworkError(error, cardUrl, signal);
    if (network) throw new AgentCardError('UNREACHABLE', network, { cause: error });
    throw new AgentCardError(
      'INVALID_CARD',
      `${where} is not a valid agent card: ${sanitizeMessage(errorText(error), null, 160)}`,
      { cause: error },
    );
  }
  const imported = importCard(sdkCard, raw, cardUrl);
  // The client must only ever pick an interface that passed the URL checks.
  const allowed = new Set(imported.interfaces.map((entry) => entry.url));
  const supportedInterfaces = (sdkCard.supportedInterfaces ?? []).flatMap((entry) => {
    const url = absoluteUrl(entry.url, cardUrl);
    return url && allowed.has(url) ? [{ ...entry, url }] : [];
  });
  if (approvedOrigins)
    scopeCardInterfaces(imported, supportedInterfaces, {
      registeredUrl: baseUrl,
      approvedOrigins,
      headers,
    });
  return { imported, sdkCard: { ...sdkCard, supportedInterfaces } };
}

function absoluteUrl(url: string, base: string): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

const text = (field: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `${field} is missing` : `${field} must be text`),
  });
const list = z.array(z.string()).optional().default([]);

const SkillSchema = z.object({
  id: text('id').trim().min(1, 'id is empty'),
  name: z.string().optional().default(''),
  description: z.string().optional().default(''),
  tags: list,
  examples: list,
  inputModes: list,
  outputModes: list,
});

const CardSchema = z.object({
  name: text('name').trim().min(1, 'name is empty'),
  description: z.string().optional().default(''),
  version: z.string().optional().default(''),
  supportedInterfaces: z
    .array(
      z.object({
        url: text('url').trim().min(1, 'url is empty'),
        protocolBinding: z.string().optional().default('JSONRPC'),
        protocolVersion: z.string().optional().default(''),
      }),
      { error: 'supportedInterfaces (the URL to send messages to) is missing' },
    )
    .min(1, 'supportedInterfaces (the URL to send messages to) is empty'),
  capabilities: z.object({ streaming: z.boolean().optional() }).optional(),
  defaultInputModes: list,
  defaultOutputModes: list,
  skills: z
    .array(SkillSchema, { error: 'skills is missing' })
    .max(MAX_SKILLS, `more than ${MAX_SKILLS} skills`),
});

/** Validates a resolved card and maps it to what Baton stores. Exported for unit tests. */
export function importCard(card: unknown, raw: unknown, cardUrl: string): ImportedCard {
  const where = displayUrl(cardUrl);
  const parsed = CardSchema.safeParse(card);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => {
      const path = issue.path
        .map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${String(part)}` : part))
        .join('');
      const last = String(issue.path.at(-1) ?? '');
      // "id is missing" at skills[0] reads "skills[0].id is missing".
      if (last && issue.message.startsWith(`${last} `)) {
        return `${path}${issue.message.slice(last.length)}`;
      }
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    throw new AgentCardError(
      'INVALID_CARD',
      `${where} is not a valid agent card: ${problems.join('; ')}.`,
    );
  }
  const value = parsed.data;

  const interfaces: ImportedInterface[] = [];
  const refused: string[] = [];
  for (const entry of value.supportedInterfaces) {
    let absolute: string;
    try {
      absolute = new URL(entry.url, cardUrl).href;
    } catch {
      refused.push(`${entry.url}: not a URL`);
      continue;
    }
    const check = validateAgentUrl(absolute);
    if (!check.ok) {
      refused.push(`${displayUrl(absolute)}: ${check.message}`);
      continue;
    }
    if (!CALLABLE_BINDINGS.has(entry.protocolBinding.toUpperCase())) continue;
    interfaces.push({
      url: check.url,
      protocolBinding: entry.protocolBinding,
      protocolVersion: entry.protocolVersion,
    });
  }
  if (interfaces.length === 0) {
    const listed = value.supportedInterfaces.map((entry) => entry.protocolBinding).join(', ');
    throw new AgentCardError(
      'INVALID_CARD',
      refused.length > 0
        ? `${where} is not a valid agent card: its interface URL was refused (${refused[0]}).`
        : `${where} is not a valid agent card: it offers no interface Baton can call (JSONRPC or HTTP+JSON; it lists ${listed}).`,
    );
  }

  return {
    cardUrl,
    name: value.name,
    description: value.description,
    version: value.version,
    interfaces,
    streaming: value.capabilities?.streaming ?? false,
    capabilities: skillsToCapabilities(value.skills, value),
    hash: hashSkills(value.skills),
    raw: raw ?? card,
  };
}

// ---------------------------------------------------------------------------------------------
// Canary: a short message that must get a reply.

/** Marks the canary message, so agents (Baton's own builtins among them) can answer it cheaply. */
export const CANARY_METADATA = { baton: { canary: true } } as const;
export const CANARY_TEXT = 'ping';

/**
 * The last HTTP answer a client got: the SDK reports HTTP failures as plain errors without the
 * status or headers, so the adapter's fetch records them to classify the failure (401 → auth, 429 →
 * rate_limit with its Retry-After, 5xx → server).
 */
export interface HttpTrace {
  status: number | null;
  retryAfter: string | null;
}

/** The SDK's fetch for a client: agent headers on every call, safe URLs, capped JSON bodies. */
function clientFetch(headers: Record<string, string>, trace?: HttpTrace): typeof fetch {
  return (async (input: string | URL, init?: RequestInit) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    const response = await safeFetch(input, { ...init, headers: merged });
    if (trace) {
      trace.status = response.status;
      trace.retryAfter = response.headers.get('retry-after');
    }
    // Streams are consumed incrementally by the SDK (which bounds each event); everything else is
    // read here with a cap.
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
    const body = await readTextCapped(response, MAX_RESPONSE_BYTES);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }) as typeof fetch;
}

/**
 * An SDK client for a card Baton already read (no second card fetch). `trace`, when given, is
 * updated with every HTTP answer the client gets.
 */
export async function createA2AClient(
  sdkCard: AgentCard,
  headers: Record<string, string>,
  trace?: HttpTrace,
): Promise<Client> {
  const fetchImpl = clientFetch(headers, trace);
  const cardResolver: AgentCardResolver = {
    resolve: () => Promise.reject(new Error('The card is already resolved.')),
    // The card is normalized already; normalizing twice would re-parse it.
    normalizeAgentCard: (card) => card as AgentCard,
  };
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [
        new JsonRpcTransportFactory({ fetchImpl, legacyCompat: LEGACY_COMPAT }),
        new RestTransportFactory({ fetchImpl, legacyCompat: LEGACY_COMPAT }),
      ],
      cardResolver,
    }),
  );
  return factory.createFromAgentCard(sdkCard);
}

function isTask(result: object): result is Task {
  return 'status' in result && 'artifacts' in result;
}

/** Sends the canary and returns null when the agent replied, or why it did not. */
async function sendCanary(
  sdkCard: AgentCard,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<string | null> {
  const client = await createA2AClient(sdkCard, headers);
  const result = await client.sendMessage(
    {
      tenant: '',
      message: {
        messageId: crypto.randomUUID(),
        contextId: '',
        taskId: '',
        role: Role.ROLE_USER,
        parts: [
          {
            content: { $case: 'text', value: CANARY_TEXT },
            metadata: undefined,
            filename: '',
            mediaType: 'text/plain',
          },
        ],
        metadata: { ...CANARY_METADATA },
        extensions: [],
        referenceTaskIds: [],
      },
      configuration: undefined,
      metadata: undefined,
    },
    { signal },
  );
  if (!isTask(result)) {
    return result.parts.length > 0 ? null : 'The agent answered the canary with an empty message.';
  }
  const state = result.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED;
  if (state === TaskState.TASK_STATE_COMPLETED || state === TaskState.TASK_STATE_INPUT_REQUIRED) {
    return null;
  }
  const label = taskStateToJSON(state).replace(/^TASK_STATE_/, '');
  const detail = result.status?.message?.parts
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .join(' ')
    .trim();
  if (
    state === TaskState.TASK_STATE_SUBMITTED ||
    state === TaskState.TASK_STATE_WORKING ||
    state === TaskState.TASK_STATE_AUTH_REQUIRED
  ) {
    // Do not leave the canary running on the agent.
    void client.cancelTask({ tenant: '', id: result.id, metadata: undefined }).catch(() => {});
    return `The agent accepted the canary but did not answer it (task ${label}).`;
  }
  return `The canary task ended ${label}${detail ? `: ${detail}` : ''}.`;
}

// ---------------------------------------------------------------------------------------------
// Invoke: one attempt of one task, sent as an A2A message.
//
// Streaming agents (the card says `streaming`, and the agent's config does not say `streaming:
// 'off'`) get SendStreamingMessage: the first event names the task, so `onRemoteTask` fires at once.
// Other agents get a non-blocking SendMessage (`returnImmediately`), then GetTask polling: a
// blocking SendMessage would only name the task when it is over, so an abort or a timeout could not
// send CancelTask and the agent would go on working for nobody. Polling costs up to
// POLL_MAX_DELAY_MS of extra latency per task and at most one GetTask a second.
//
// Whenever an attempt ends without the remote task having finished (abort, timeout, broken stream,
// a question Baton cannot answer), the adapter sends CancelTask before it returns and reports the
// outcome in `remoteCancel`. An abort that comes before the agent named its task cannot be
// forwarded: there is no id to cancel yet.

/** Upper bound of the CancelTask Baton sends when an attempt is aborted or cannot be answered. */
export const REMOTE_CANCEL_TIMEOUT_MS = 5_000;
/** Lower bound of that CancelTask: after a timeout the attempt has no time left, the cancel does. */
export const REMOTE_CANCEL_MIN_TIMEOUT_MS = 1_000;
/** GetTask polling of non-streaming agents: the first delay, doubled up to the max. */
export const POLL_FIRST_DELAY_MS = 100;
export const POLL_MAX_DELAY_MS = 1_000;

const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
]);
/** The agent waits for the client: Baton cannot answer, so these end the attempt too. */
const INTERRUPTED_STATES: ReadonlySet<TaskState> = new Set([
  TaskState.TASK_STATE_INPUT_REQUIRED,
  TaskState.TASK_STATE_AUTH_REQUIRED,
]);

/** `COMPLETED`, `WORKING`, … */
function stateLabel(state: TaskState | undefined): string {
  return taskStateToJSON(state ?? TaskState.TASK_STATE_UNSPECIFIED).replace(/^TASK_STATE_/, '');
}

function textPart(value: string): Part {
  return {
    content: { $case: 'text', value },
    metadata: undefined,
    filename: '',
    mediaType: 'text/plain',
  };
}

function dataPart(value: unknown): Part {
  return {
    content: { $case: 'data', value },
    metadata: undefined,
    filename: '',
    mediaType: 'application/json',
  };
}

/**
 * The message for one attempt: the instruction as text, the dependencies' results (if any) as a
 * data part, and Baton's ids in `metadata.baton`. The message id is the idempotency key, so an agent
 * can recognize a repeated delivery of the same attempt. The request's `metadata.skill` names the
 * capability for agents that serve several skills (Baton's builtin agents read it).
 */
export function buildSendMessageRequest(
  request: InvokeRequest,
  options: { returnImmediately: boolean },
): SendMessageRequest {
  const { context } = request.input;
  return {
    tenant: '',
    message: {
      messageId: request.idempotencyKey,
      contextId: '',
      taskId: '',
      role: Role.ROLE_USER,
      parts: [
        textPart(request.input.text),
        ...(context === undefined || context === null ? [] : [dataPart(context)]),
      ],
      metadata: {
        baton: {
          taskId: request.taskId,
          attempt: request.attempt,
          idempotencyKey: request.idempotencyKey,
          capability: request.capability,
        },
      },
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: {
      acceptedOutputModes: [],
      taskPushNotificationConfig: undefined,
      returnImmediately: options.returnImmediately,
    },
    metadata: { skill: request.capability },
  };
}

/** The reply outgrew MAX_RESPONSE_BYTES (a stream can deliver any amount in small events). */
class ReplyTooLargeError extends Error {
  constructor() {
    super(`The reply is larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MiB.`);
    this.name = 'ReplyTooLargeError';
  }
}

/** The agent broke the protocol in a way the SDK does not check; the message says how. */
class InvalidReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReplyError';
  }
}

/** `onRemoteTask` threw: a programming error, rethrown by invoke rather than classified. */
class CallbackError extends Error {
  constructor(cause: unknown) {
    super('onRemoteTask threw', { cause });
    this.name = 'CallbackError';
  }
}

function partBytes(part: Part): number {
  const content = part.content;
  switch (content?.$case) {
    case 'text':
    case 'url':
      return Buffer.byteLength(content.value);
    case 'raw':
      return content.value.byteLength;
    case 'data':
      return Buffer.byteLength(JSON.stringify(content.value) ?? '');
    default:
      return 0;
  }
}

function partsBytes(parts: readonly Part[] | undefined): number {
  return (parts ?? []).reduce((sum, part) => sum + partBytes(part), 0);
}

/**
 * A remote task as Baton follows it: its latest state and status message, and its artifacts so far
 * (streamed chunks appended). Everything it holds counts toward MAX_RESPONSE_BYTES.
 */
/** Usage reports kept per task (agents report totals, so the last ones are what counts). */
const MAX_USAGE_REPORTS = 20;

class RemoteTaskView {
  id = '';
  state: TaskState = TaskState.TASK_STATE_UNSPECIFIED;
  statusMessage: Message | undefined;
  /** Metadata objects that carry `usage` (ADR 0054), oldest first; a bounded number. */
  readonly usageMetadata: unknown[] = [];
  private readonly artifacts = new Map<string, { parts: Part[]; bytes: number }>();
  private artifactBytes = 0;
  private statusBytes = 0;

  noteMetadata(metadata: unknown): void {
    if (!metadata || typeof metadata !== 'object' || !('usage' in metadata)) return;
    if (this.usageMetadata.length >= MAX_USAGE_REPORTS) this.usageMetadata.shift();
    this.usageMetadata.push(metadata);
  }

  get isSettled(): boolean {
    return TERMINAL_STATES.has(this.state) || INTERRUPTED_STATES.has(this.state);
  }

  get isTerminal(): boolean {
    return TERMINAL_STATES.has(this.state);
  }

  applyTask(task: Task): void {
    this.id ||= task.id;
    this.noteMetadata(task.metadata);
    if (task.status) this.applyStatus(task.status);
    // A snapshot is authoritative, except an empty one after streamed artifacts.
    if (task.artifacts.length > 0 || this.artifacts.size === 0) {
      this.artifacts.clear();
      this.artifactBytes = 0;
      for (const artifact of task.artifacts) this.applyArtifact(artifact, false);
    }
  }

  applyStatusUpdate(event: TaskStatusUpdateEvent): void {
    this.id ||= event.taskId;
    this.noteMetadata(event.metadata);
    if (event.status) this.applyStatus(event.status);
  }

  applyArtifactUpdate(event: TaskArtifactUpdateEvent): void {
    this.id ||= event.taskId;
    if (event.artifact) this.applyArtifact(event.artifact, event.append);
  }

  /** The reply's parts, one group per artifact; the final status message when there are none. */
  replyParts(): Part[][] {
    const groups = [...this.artifacts.values()].map((artifact) => artifact.parts);
    if (groups.some((parts) => parts.length > 0)) return groups;
    return [this.statusMessage?.parts ?? []];
  }

  private applyStatus(status: TaskStatus): void {
    this.state = status.state;
    this.statusMessage = status.message;
    this.noteMetadata(status.message?.metadata);
    this.statusBytes = partsBytes(status.message?.parts);
    this.checkSize();
  }

  private applyArtifact(artifact: Artifact, append: boolean): void {
    const bytes = partsBytes(artifact.parts);
    const previous = this.artifacts.get(artifact.artifactId);
    if (append && previous) {
      previous.parts.push(...artifact.parts);
      previous.bytes += bytes;
    } else {
      this.artifactBytes -= previous?.bytes ?? 0;
      this.artifacts.set(artifact.artifactId, { parts: [...artifact.parts], bytes });
    }
    this.artifactBytes += bytes;
    this.checkSize();
  }

  private checkSize(): void {
    if (this.artifactBytes + this.statusBytes > MAX_RESPONSE_BYTES) throw new ReplyTooLargeError();
  }
}

function fileReference(part: Part): string {
  const name = part.filename || 'file';
  if (part.content?.$case === 'url') return `${name}: ${part.content.value}`;
  if (part.content?.$case === 'raw') {
    return `[${name} (${part.mediaType || 'binary'}, ${part.content.value.byteLength} bytes) not shown]`;
  }
  return '';
}

/**
 * The reply as Baton keeps it. `text`: the text parts (chunks of one artifact joined as they came,
 * artifacts one per line; files as a reference). `output`: the data part's value when the agent
 * sent structured data (Baton's builtin agents send the result both ways: "15 * 7 = 105" and 105),
 * an array of them when several, otherwise the text.
 */
export function readReply(groups: readonly (readonly Part[])[]): { text: string; output: unknown } {
  const lines: string[] = [];
  const data: unknown[] = [];
  for (const parts of groups) {
    let text = '';
    for (const part of parts) {
      const content = part.content;
      if (content?.$case === 'text') text += content.value;
      else if (content?.$case === 'data') data.push(content.value ?? null);
      else if (content) {
        if (text) lines.push(text);
        lines.push(fileReference(part));
        text = '';
      }
    }
    if (text) lines.push(text);
  }
  const text = lines.join('\n');
  const output = data.length === 0 ? text : data.length === 1 ? data[0] : data;
  return { text: text || (data.length > 0 ? JSON.stringify(output) : ''), output };
}

/** The text of a status message (why a task failed, what input it wants), shortened. */
function messageText(message: Message | undefined): string {
  return (message?.parts ?? [])
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** Follows a streamed task until it settles; returns the reply when the agent answered with a Message. */
async function streamTask(
  client: Client,
  params: SendMessageRequest,
  view: RemoteTaskView,
  signal: AbortSignal,
  onProgress: () => void,
): Promise<Message | null> {
  for await (const event of client.sendMessageStream(params, { signal })) {
    const payload = event.payload;
    if (payload?.$case === 'message') return payload.value;
    if (payload?.$case === 'task') view.applyTask(payload.value);
    else if (payload?.$case === 'statusUpdate') view.applyStatusUpdate(payload.value);
    else if (payload?.$case === 'artifactUpdate') view.applyArtifactUpdate(payload.value);
    onProgress();
    if (view.isSettled) return null;
  }
  return null;
}

/** Non-blocking SendMessage, then GetTask until the task settles (see the section comment). */
async function pollTask(
  client: Client,
  params: SendMessageRequest,
  view: RemoteTaskView,
  signal: AbortSignal,
  onProgress: () => void,
): Promise<Message | null> {
  const first = await client.sendMessage(params, { signal });
  if (!isTask(first)) return first;
  view.applyTask(first);
  if (!view.id) throw new InvalidReplyError('answered with a task that has no id.');
  onProgress();
  for (
    let wait = POLL_FIRST_DELAY_MS;
    !view.isSettled;
    wait = Math.min(wait * 2, POLL_MAX_DELAY_MS)
  ) {
    await sleep(wait, undefined, { signal });
    view.applyTask(await client.getTask({ tenant: '', id: view.id, historyLength: 0 }, { signal }));
  }
  return null;
}

function httpStatusKind(status: number): ErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'invalid_response';
}

function cardErrorKind(error: AgentCardError): ErrorKind {
  switch (error.code) {
    case 'UNREACHABLE':
      return 'network';
    case 'HTTP':
      return error.status === undefined ? 'invalid_response' : httpStatusKind(error.status);
    case 'INVALID_URL':
    case 'INVALID_CARD':
      return 'invalid_response';
  }
}

/** An error the agent itself sent (JSON-RPC error object, REST error body), found along `cause`. */
function agentSentError(error: unknown, depth = 0): JsonRpcA2AError | RestA2AError | null {
  if (isJsonRpcError(error) || isRestError(error)) return error;
  if (!(error instanceof Error) || depth > 3) return null;
  return agentSentError(error.cause, depth + 1);
}

/** Short reasons for replies the SDK could not parse; the SDK's own text may quote the body. */
function invalidReplyReason(error: unknown): string {
  const text = errorText(error);
  if (error instanceof SyntaxError || /Failed to parse SSE/.test(text)) return ' (not JSON)';
  if (/jsonrpc/i.test(text)) return ' (not JSON-RPC 2.0)';
  if (/Content-Type for SSE/.test(text)) return ' (not an event stream)';
  if (/ID mismatch/.test(text)) return ' (for another request id)';
  if (/missing (payload|result)|missing 'result'/.test(text)) return ' (no result)';
  return '';
}

interface CallFailure {
  kind: ErrorKind;
  message: string;
  retryAfterMs?: number;
}

/**
 * Classifies a failed call to an agent. `timedOut`/`cancelled`: the call's deadline fired, the
 * caller aborted. `trace`: the last HTTP answer (the SDK's errors do not carry the status).
 */
function describeCallError(
  error: unknown,
  url: string,
  state: { signal: AbortSignal; timedOut: boolean; cancelled: boolean; trace: HttpTrace },
): CallFailure {
  const where = displayUrl(url);
  if (state.timedOut) {
    return {
      kind: 'timeout',
      message: describeNetworkError(error, url, state.signal) ?? `Timed out waiting for ${where}.`,
    };
  }
  if (state.cancelled) return { kind: 'cancelled', message: `Cancelled while calling ${where}.` };
  if (
    error instanceof ReplyTooLargeError ||
    error instanceof BodyTooLargeError ||
    /exceeded the maximum allowed size/.test(errorText(error))
  ) {
    const detail =
      error instanceof Error ? error.message.replace(/ Pass maxEventSizeBytes.*$/, '') : '';
    return {
      kind: 'invalid_response',
      message: `${where} answered with more than allowed: ${detail}`,
    };
  }
  const status = state.trace.status;
  if (status !== null && status >= 300) {
    const kind = httpStatusKind(status);
    if (kind !== 'invalid_response') {
      return {
        kind,
        message: `${where} answered HTTP ${status}${kind === 'auth' ? ": check the agent's secret" : ''}.`,
        ...(kind === 'rate_limit' || kind === 'server'
          ? { retryAfterMs: parseRetryAfter(state.trace.retryAfter) }
          : {}),
      };
    }
  }
  if (error instanceof InvalidReplyError) {
    return { kind: 'invalid_response', message: `${where} ${error.message}` };
  }
  const remote = agentSentError(error);
  if (remote) {
    const internal = isJsonRpcError(remote)
      ? remote.envelopeCode === A2A_ERROR_CODE.INTERNAL_ERROR
      : remote.statusCode >= 500;
    return {
      kind: internal ? 'server' : 'invalid_response',
      message: `${where} answered with an error: ${remote.message.slice(0, 200)}`,
    };
  }
  if (status !== null && status >= 300) {
    const hint =
      status < 400 ? ' (a redirect Baton does not follow for messages): use the final URL' : '';
    return { kind: 'invalid_response', message: `${where} answered HTTP ${status}${hint}.` };
  }
  const network = describeNetworkError(error, url);
  if (network) return { kind: 'network', message: network };
  return {
    kind: 'invalid_response',
    message: `${where} answered with something that is not a valid A2A reply${invalidReplyReason(error)}.`,
  };
}

/**
 * Sends CancelTask and reports what became of the task. "Not cancelable" is success when the task
 * is already over (the agent's answer says nothing more: GetTask tells whether it finished or the
 * agent refuses to stop it). Never throws for an agent-side failure.
 */
async function cancelRemoteTask(
  client: Client,
  remoteTaskId: string,
  deadline: Deadline,
  context: { url: string; secret: string | null; trace: HttpTrace; callerSignal?: AbortSignal },
): Promise<RemoteCancelOutcome> {
  const failed = (message: string): RemoteCancelOutcome => ({
    remoteTaskId,
    ok: false,
    error: sanitizeMessage(message, context.secret),
  });
  const { signal } = deadline;
  try {
    const task = await client.cancelTask(
      { tenant: '', id: remoteTaskId, metadata: undefined },
      { signal },
    );
    return { remoteTaskId, ok: true, state: stateLabel(task.status?.state) };
  } catch (error) {
    if (error instanceof TaskNotCancelableError && !signal.aborted) {
      const state = await client
        .getTask({ tenant: '', id: remoteTaskId, historyLength: 0 }, { signal })
        .then((task) => task.status?.state)
        .catch(() => undefined);
      if (state !== undefined && !TERMINAL_STATES.has(state)) {
        return failed(
          `The agent refused to cancel task ${remoteTaskId} (it is ${stateLabel(state)}).`,
        );
      }
      return {
        remoteTaskId,
        ok: true,
        ...(state === undefined ? {} : { state: stateLabel(state) }),
      };
    }
    if (error instanceof TaskNotFoundError) {
      return failed(`The agent does not know task ${remoteTaskId} (it may have restarted).`);
    }
    const failure = describeCallError(error, context.url, {
      signal,
      timedOut: deadline.timedOut,
      cancelled: context.callerSignal?.aborted ?? false,
      trace: context.trace,
    });
    return failed(`CancelTask failed: ${failure.message}`);
  }
}

/** How an attempt's CancelTask went, for the attempt's error message. */
function remoteCancelNote(outcome: RemoteCancelOutcome | undefined): string {
  if (!outcome) return '';
  if (!outcome.ok) return ` ${outcome.error ?? 'CancelTask failed.'}`;
  return ` The agent acknowledged CancelTask for task ${outcome.remoteTaskId}${
    outcome.state ? ` (${outcome.state})` : ''
  }.`;
}

async function invokeA2A(
  target: AgentTarget<'a2a'>,
  request: InvokeRequest,
): Promise<InvokeResult> {
  const startedAt = performance.now();
  const view = new RemoteTaskView();
  let remoteCancel: RemoteCancelOutcome | undefined;
  const fail = (errorKind: ErrorKind, message: string, retryAfterMs?: number): InvokeFailure => ({
    ok: false,
    errorKind,
    error: sanitizeMessage(message, target.secret),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    latencyMs: elapsedSince(startedAt),
    ...(view.id ? { remoteTaskId: view.id } : {}),
    ...(remoteCancel ? { remoteCancel } : {}),
  });
  const succeed = (groups: readonly (readonly Part[])[], reply?: Message): InvokeSuccess => {
    // Usage the agent reported in metadata (ADR 0054); malformed values are logged and ignored.
    const reported = readReportedUsage([...view.usageMetadata, reply?.metadata]);
    if (reported.problems.length > 0) {
      logger.warn(
        { agent: target.name, remoteTaskId: view.id || undefined, problems: reported.problems },
        'ignored malformed usage metadata from an A2A agent',
      );
    }
    return {
      ok: true,
      ...readReply(groups),
      ...(reported.usage ? { usage: reported.usage } : {}),
      ...(reported.costMicros === undefined ? {} : { reportedCostMicros: reported.costMicros }),
      ...(view.id ? { remoteTaskId: view.id } : {}),
      latencyMs: elapsedSince(startedAt),
    };
  };
  const url = target.endpointUrl;
  if (!url) return fail('invalid_response', 'The agent has no URL.');
  const where = displayUrl(url);
  if (request.signal.aborted) return fail('cancelled', `Cancelled before calling ${where}.`);
  const deadline = createDeadline(request.timeoutMs, request.signal);
  const headers = {
    ...agentHeaders(target.config.headers, target.secret),
    ...(request.traceparent && { traceparent: request.traceparent }),
  };
  const trace: HttpTrace = { status: null, retryAfter: null };
  let client: Client | undefined;
  let reported = false;
  const reportRemoteTask = () => {
    if (reported || !view.id) return;
    reported = true;
    try {
      request.onRemoteTask?.(view.id);
    } catch (error) {
      throw new CallbackError(error);
    }
  };
  /**
   * Stops the remote task before the attempt returns. Bounded by what is left of the attempt, but
   * never less than REMOTE_CANCEL_MIN_TIMEOUT_MS nor more than REMOTE_CANCEL_TIMEOUT_MS; the
   * caller's abort does not cut it short (stopping the remote work is the point of the abort).
   */
  const cancelRemote = async () => {
    if (!client || !view.id || view.isTerminal) return;
    const remaining = request.timeoutMs - (performance.now() - startedAt);
    const cancelDeadline = createDeadline(
      Math.round(
        Math.min(REMOTE_CANCEL_TIMEOUT_MS, Math.max(REMOTE_CANCEL_MIN_TIMEOUT_MS, remaining)),
      ),
    );
    try {
      remoteCancel = await cancelRemoteTask(client, view.id, cancelDeadline, {
        url,
        secret: target.secret,
        trace,
      });
    } finally {
      cancelDeadline.dispose();
    }
  };

  try {
    let resolved: ResolvedCard;
    try {
      resolved = await resolveAgentCard(url, {
        signal: deadline.signal,
        timeoutMs: request.timeoutMs,
        headers,
        approvedOrigins: target.config.approvedOrigins ?? [],
      });
    } catch (error) {
      if (!(error instanceof AgentCardError)) throw error;
      if (deadline.timedOut) return fail('timeout', error.message);
      if (request.signal.aborted) return fail('cancelled', `Cancelled while calling ${where}.`);
      return fail(cardErrorKind(error), error.message);
    }
    const streaming = resolved.imported.streaming && target.config.streaming !== 'off';
    let message: Message | null;
    try {
      client = await createA2AClient(resolved.sdkCard, headers, trace);
      const params = buildSendMessageRequest(request, { returnImmediately: !streaming });
      message = await (streaming ? streamTask : pollTask)(
        client,
        params,
        view,
        deadline.signal,
        reportRemoteTask,
      );
    } catch (error) {
      if (error instanceof CallbackError) throw error.cause;
      const failure = describeCallError(error, url, {
        signal: deadline.signal,
        timedOut: deadline.timedOut,
        cancelled: request.signal.aborted,
        trace,
      });
      // The attempt is over for Baton: a remote task left running would be work nobody reads.
      await cancelRemote();
      return fail(
        failure.kind,
        `${failure.message}${remoteCancelNote(remoteCancel)}`,
        failure.retryAfterMs,
      );
    }
    if (message) return succeed([message.parts], message);

    const detail = messageText(view.statusMessage);
    switch (view.state) {
      case TaskState.TASK_STATE_COMPLETED:
        return succeed(view.replyParts());
      case TaskState.TASK_STATE_FAILED:
        return fail(
          'server',
          `The agent failed the task${detail ? `: ${detail}` : ' (no reason given).'}`,
        );
      case TaskState.TASK_STATE_REJECTED:
        return fail(
          'server',
          `The agent rejected the task${detail ? `: ${detail}` : ' (no reason given).'}`,
        );
      case TaskState.TASK_STATE_CANCELED:
        return fail('cancelled', `The agent cancelled the task${detail ? `: ${detail}` : '.'}`);
      case TaskState.TASK_STATE_INPUT_REQUIRED:
      case TaskState.TASK_STATE_AUTH_REQUIRED: {
        await cancelRemote();
        const wants =
          view.state === TaskState.TASK_STATE_INPUT_REQUIRED ? 'more input' : 'authentication';
        return fail(
          'invalid_response',
          `The agent asked for ${wants}${detail ? ` ("${detail}")` : ''}; Baton cannot answer follow-up questions.${remoteCancelNote(remoteCancel)}`,
        );
      }
      default: {
        await cancelRemote();
        return fail(
          'invalid_response',
          view.id
            ? `${where} ended the stream before the task finished (it was ${stateLabel(view.state)}).${remoteCancelNote(remoteCancel)}`
            : `${where} ended the stream without a reply.`,
        );
      }
    }
  } finally {
    deadline.dispose();
  }
}

/** Standalone CancelTask (the process that ran the attempt is gone): reads the card, then cancels. */
async function cancelA2A(
  target: AgentTarget<'a2a'>,
  { remoteTaskId, timeoutMs, signal }: CancelRequest,
): Promise<RemoteCancelOutcome> {
  const failed = (message: string): RemoteCancelOutcome => ({
    remoteTaskId,
    ok: false,
    error: sanitizeMessage(message, target.secret),
  });
  const url = target.endpointUrl;
  if (!url) return failed('The agent has no URL.');
  if (signal?.aborted) return failed(`Cancelled before calling ${displayUrl(url)}.`);
  const deadline = createDeadline(timeoutMs, signal);
  const headers = agentHeaders(target.config.headers, target.secret);
  try {
    let resolved: ResolvedCard;
    try {
      resolved = await resolveAgentCard(url, {
        ...{ signal: deadline.signal, timeoutMs, headers },
        approvedOrigins: target.config.approvedOrigins ?? [],
      });
    } catch (error) {
      if (error instanceof AgentCardError) return failed(error.message);
      throw error;
    }
    const trace: HttpTrace = { status: null, retryAfter: null };
    const client = await createA2AClient(resolved.sdkCard, headers, trace);
    return await cancelRemoteTask(client, remoteTaskId, deadline, {
      url,
      secret: target.secret,
      trace,
      ...(signal ? { callerSignal: signal } : {}),
    });
  } finally {
    deadline.dispose();
  }
}

// ---------------------------------------------------------------------------------------------

export const a2aAdapter: AgentAdapter<'a2a'> = {
  kind: 'a2a',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    const deadline = createDeadline(timeoutMs, signal);
    const headers = agentHeaders(target.config.headers, target.secret);
    const fail = (message: string, card?: ImportedCard): ProbeResult => ({
      ok: false,
      latencyMs: elapsedSince(startedAt),
      error: sanitizeMessage(message, target.secret),
      ...(card && { card }),
    });
    try {
      if (!target.endpointUrl) return fail('The agent has no URL.');
      let resolved: ResolvedCard;
      try {
        resolved = await resolveAgentCard(target.endpointUrl, {
          signal: deadline.signal,
          timeoutMs,
          headers,
          approvedOrigins: target.config.approvedOrigins ?? [],
        });
      } catch (error) {
        if (error instanceof AgentCardError) return fail(error.message);
        throw error;
      }
      if (target.config.canary) {
        const where = resolved.imported.interfaces[0]?.url ?? target.endpointUrl;
        try {
          const problem = await sendCanary(resolved.sdkCard, headers, deadline.signal);
          if (problem) return fail(problem, resolved.imported);
        } catch (error) {
          const message =
            describeNetworkError(error, where, deadline.signal) ?? describeCanaryError(error);
          return fail(message, resolved.imported);
        }
      }
      return { ok: true, latencyMs: elapsedSince(startedAt), card: resolved.imported };
    } finally {
      deadline.dispose();
    }
  },
  invoke: invokeA2A,
  cancel: cancelA2A,
};

/** The SDK reports HTTP failures as "HTTP error for SendMessage! Status: 401 …": keep the status. */
function describeCanaryError(error: unknown): string {
  const status = /\bStatus: (\d{3})\b/.exec(errorText(error))?.[1];
  if (status) {
    const hint = status === '401' || status === '403' ? ": check the agent's secret" : '';
    return `The agent answered the canary message with HTTP ${status}${hint}.`;
  }
  return `The canary message failed: ${errorText(error)}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
