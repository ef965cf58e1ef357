/**
 * The `mcp` adapter: an MCP server's tools as Baton capabilities, through the official
 * `@modelcontextprotocol/sdk` client over the Streamable HTTP transport (stdio is out of scope: Baton
 * is a server process and does not start other programs). Conventions in ADR 0017.
 *
 * - Registration and health checks open a session (`initialize`), send `ping` and page through
 *   `tools/list`; each tool becomes a capability (mcp-tools.ts) and the tool list is hashed, so a
 *   health check that sees a different list flags drift exactly like an A2A card.
 * - One attempt is one short session: `initialize`, `tools/list` (the live input schema, and the
 *   capability → tool mapping), then `tools/call` with the arguments built from the task's input and
 *   validated against that schema. The session is terminated (`DELETE`) afterwards.
 * - An aborted or timed-out call sends `notifications/cancelled` for the `tools/call` request before
 *   the attempt returns (the outcome is the attempt's `remoteCancel`). The remote id is
 *   `<request id>@<session id>`, so `cancel()` can send the same notification from another process
 *   when the worker that made the call died.
 *
 * All traffic goes through safeFetch (every URL must pass validateAgentUrl, redirects of POSTs are
 * not followed), JSON bodies and event streams are size-capped, and the standalone GET event stream
 * the SDK opens after `initialize` is answered locally with 405 (allowed by the spec): Baton never
 * needs server-initiated messages outside a request, so it holds no idle connection per session.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolResultSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type JSONRPCMessage,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
import type { ErrorKind } from '@/lib/engine';
import { BATON_VERSION } from '@/lib/version';
import {
  agentHeaders,
  BodyTooLargeError,
  createDeadline,
  describeNetworkError,
  displayUrl,
  elapsedSince,
  parseRetryAfter,
  readTextCapped,
  RefusedUrlError,
  safeFetch,
  sanitizeMessage,
} from './http';
import {
  buildToolArguments,
  hashTools,
  MAX_TOOLS,
  readToolResult,
  toolsToCapabilities,
} from './mcp-tools';
import { cancelFailure, invokeFailure, openCall } from './outcomes';
import type {
  AgentAdapter,
  AgentTarget,
  CancelRequest,
  ImportedCard,
  InvokeRequest,
  InvokeResult,
  ProbeResult,
  RemoteCancelOutcome,
} from './types';

/** Bound on one JSON answer or one event stream (a tool result with a large image fits). */
export const MAX_MCP_RESPONSE_BYTES = 8 * 1024 * 1024;
/** `tools/list` pages read at most (MAX_TOOLS bounds the tools themselves). */
export const MAX_TOOL_PAGES = 20;
/** How long the cancellation notification and the session's DELETE may take after an attempt. */
export const REMOTE_CANCEL_TIMEOUT_MS = 5_000;
const SESSION_CLOSE_TIMEOUT_MS = 1_000;
/** Upper bound for registration-time listing when the caller gives none. */
export const DEFAULT_LIST_TIMEOUT_MS = 10_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Listing a server's tools failed; `message` is short and meant for the operator. */
export class McpServerError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'McpServerError';
  }
}

/** The last HTTP answer of a session (the SDK's errors carry the status but not Retry-After). */
interface HttpState {
  status: number | null;
  retryAfter: string | null;
  tooLarge: boolean;
}

interface Session {
  client: Client;
  transport: StreamableHTTPClientTransport;
  http: HttpState;
  /** JSON-RPC id of the last `tools/call` sent. */
  toolCallId: string | number | null;
  /** The `notifications/cancelled` POSTs sent, each resolving to whether the server took it. */
  cancellations: Promise<boolean>[];
  /** Terminates the session (bounded) and closes the transport. Never throws. */
  close(): Promise<void>;
}

interface OpenOptions {
  signal: AbortSignal;
  /** Per-request timeout given to the SDK; Baton's own deadline normally fires first. */
  timeoutMs: number;
  traceparent?: string;
  /** Aborts the operation when an answer grows past the cap (the SDK would wait for more). */
  onTooLarge?: () => void;
  /** Called as the `tools/call` request goes out, with its remote id (`<id>@<session id>`). */
  onToolCall?: (remoteId: string) => void;
}

/** The SDK's fetch for one session: agent headers, safe URLs, capped bodies, no idle GET stream. */
function sessionFetch(
  headers: Record<string, string>,
  http: HttpState,
  onTooLarge: (() => void) | undefined,
): FetchLike {
  return async (url, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    // The standalone server-to-client stream: not needed (see the module comment).
    if (method === 'GET') return new Response(null, { status: 405 });
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    const response = await safeFetch(url, { ...init, headers: merged });
    http.status = response.status;
    http.retryAfter = response.headers.get('retry-after');
    if (response.headers.get('content-type')?.startsWith('text/event-stream') && response.body) {
      return new Response(capStream(response.body, MAX_MCP_RESPONSE_BYTES, http, onTooLarge), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    let body: string | null = null;
    try {
      body = await readTextCapped(response, MAX_MCP_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        http.tooLarge = true;
        onTooLarge?.();
      }
      throw error;
    }
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** An event stream that errors (and aborts the operation) once it carried more than `maxBytes`. */
function capStream(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  http: HttpState,
  onTooLarge: (() => void) | undefined,
): ReadableStream<Uint8Array> {
  let size = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          http.tooLarge = true;
          onTooLarge?.();
          controller.error(new BodyTooLargeError(maxBytes));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(ms, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
  } finally {
    timer.abort();
  }
}

/** Opens a session: `initialize` (and `notifications/initialized`). Throws the SDK's errors. */
async function openSession(target: AgentTarget<'mcp'>, options: OpenOptions): Promise<Session> {
  const url = target.endpointUrl;
  if (!url) throw new McpServerError('invalid_response', 'The agent has no URL.');
  const http: HttpState = { status: null, retryAfter: null, tooLarge: false };
  const headers = {
    ...agentHeaders(target.config.headers, target.secret),
    ...(options.traceparent && { traceparent: options.traceparent }),
  };
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: sessionFetch(headers, http, options.onTooLarge),
    // A lost response stream is not resumed: the attempt fails and the engine retries it.
    reconnectionOptions: {
      maxRetries: 0,
      initialReconnectionDelay: 1_000,
      maxReconnectionDelay: 1_000,
      reconnectionDelayGrowFactor: 1,
    },
  });
  const session: Session = {
    client: new Client(
      { name: 'baton', version: BATON_VERSION },
      // Remote schemas are interpreted, never compiled to code (ADR 0017).
      { capabilities: {}, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
    ),
    transport,
    http,
    toolCallId: null,
    cancellations: [],
    async close() {
      await within(Promise.allSettled(session.cancellations), REMOTE_CANCEL_TIMEOUT_MS);
      await within(
        transport.terminateSession().catch(() => {}),
        SESSION_CLOSE_TIMEOUT_MS,
      );
      await session.client.close().catch(() => {});
    },
  };
  // Watch what the client sends: the id of the tool call (for cancel from elsewhere), and the
  // cancellation notifications (the session must not close before they are delivered).
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, sendOptions) => {
    const sent = send(message, sendOptions);
    if ('method' in message) {
      if (message.method === 'tools/call' && 'id' in message) {
        session.toolCallId = message.id;
        const remoteId = remoteIdOf(session);
        if (remoteId) options.onToolCall?.(remoteId);
      }
      if (message.method === 'notifications/cancelled') {
        session.cancellations.push(
          sent.then(
            () => true,
            () => false,
          ),
        );
      }
    }
    return sent;
  };
  // The SDK reports transport trouble here as well as by rejecting the request; the rejection is
  // what Baton classifies, so these are not logged twice.
  session.client.onerror = () => {};
  try {
    await session.client.connect(transport, {
      signal: options.signal,
      timeout: options.timeoutMs,
    });
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

/** Every tool of the server, page after page, bounded. */
async function listAllTools(
  session: Session,
  signal: AbortSignal,
  timeoutMs: number,
  where: string,
): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_TOOL_PAGES; page += 1) {
    const result = await session.client.listTools(cursor === undefined ? undefined : { cursor }, {
      signal,
      timeout: timeoutMs,
    });
    tools.push(...result.tools);
    if (tools.length > MAX_TOOLS) {
      throw new McpServerError(
        'invalid_response',
        `${where} lists more than ${MAX_TOOLS} tools; Baton imports at most ${MAX_TOOLS}.`,
      );
    }
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

/** What Baton keeps of a server's tool list, in the same shape as an A2A card (drift, display). */
function importToolList(session: Session, url: string, tools: Tool[]): ImportedCard {
  const server = session.client.getServerVersion();
  return {
    cardUrl: url,
    name: server?.title ?? server?.name ?? '',
    description: (session.client.getInstructions() ?? '').slice(0, 2000),
    version: server?.version ?? '',
    interfaces: [],
    streaming: false,
    capabilities: toolsToCapabilities(tools).map((tool) => tool.capability),
    hash: hashTools(tools),
    raw: {
      mcp: true,
      serverInfo: server ?? null,
      protocolVersion: session.transport.protocolVersion ?? null,
      tools,
    },
  };
}

interface ListOptions {
  signal?: AbortSignal;
  /** Default DEFAULT_LIST_TIMEOUT_MS. */
  timeoutMs?: number;
}

/**
 * Reads an MCP server's tools for registration (and the register form's preview). Throws
 * McpServerError with a message naming the problem.
 */
export async function listMcpTools(
  target: AgentTarget<'mcp'>,
  options: ListOptions = {},
): Promise<ImportedCard> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  const deadline = createDeadline(timeoutMs, options.signal);
  const url = target.endpointUrl ?? '';
  const where = displayUrl(url);
  let session: Session | undefined;
  try {
    session = await openSession(target, { signal: deadline.signal, timeoutMs: timeoutMs + 1_000 });
    await pingTolerant(session, deadline.signal, timeoutMs + 1_000);
    const tools = await listAllTools(session, deadline.signal, timeoutMs + 1_000, where);
    return importToolList(session, url, tools);
  } catch (error) {
    if (error instanceof McpServerError) throw error;
    const failure = describeMcpError(error, url, {
      timedOut: deadline.timedOut,
      cancelled: options.signal?.aborted ?? false,
      http: session?.http,
    });
    throw new McpServerError(failure.kind, sanitizeMessage(failure.message, target.secret));
  } finally {
    await session?.close();
    deadline.dispose();
  }
}

/** `ping`, where a server that does not implement it (MethodNotFound) still counts as answering. */
async function pingTolerant(session: Session, signal: AbortSignal, timeoutMs: number) {
  try {
    await session.client.ping({ signal, timeout: timeoutMs });
  } catch (error) {
    if (error instanceof McpError && error.code === ErrorCode.MethodNotFound) return;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

interface CallFailure {
  kind: ErrorKind;
  message: string;
  retryAfterMs?: number;
}

function httpStatusKind(status: number): ErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'invalid_response';
}

/** Classifies a failed MCP exchange like the other kinds' failures (ADR 0012's retry classes). */
export function describeMcpError(
  error: unknown,
  url: string,
  state: { timedOut: boolean; cancelled: boolean; http?: HttpState },
): CallFailure {
  const where = displayUrl(url);
  if (state.timedOut) return { kind: 'timeout', message: `Timed out waiting for ${where}.` };
  if (state.cancelled) return { kind: 'cancelled', message: `Cancelled while calling ${where}.` };
  if (state.http?.tooLarge || error instanceof BodyTooLargeError) {
    return {
      kind: 'invalid_response',
      message: `${where} answered with more than allowed: ${new BodyTooLargeError(MAX_MCP_RESPONSE_BYTES).message}`,
    };
  }
  if (error instanceof McpServerError) return { kind: error.kind, message: error.message };
  if (error instanceof RefusedUrlError) return { kind: 'network', message: error.message };
  if (error instanceof StreamableHTTPError) {
    const status = error.code ?? -1;
    if (status >= 300) {
      const kind = httpStatusKind(status);
      const hint =
        kind === 'auth'
          ? ": check the agent's secret"
          : status === 404 || status === 405
            ? ': is this the MCP endpoint (e.g. …/mcp)?'
            : status < 400
              ? ' (a redirect Baton does not follow): use the final URL'
              : '';
      return {
        kind,
        message: `${where} answered HTTP ${status}${hint}.`,
        ...((kind === 'rate_limit' || kind === 'server') && {
          retryAfterMs: parseRetryAfter(state.http?.retryAfter ?? null),
        }),
      };
    }
    return {
      kind: 'invalid_response',
      message: `${where} did not answer as an MCP server (Streamable HTTP): ${sanitizeMessage(error.message.replace(/^Streamable HTTP error: /, ''), null, 160)}`,
    };
  }
  if (error instanceof McpError) {
    const detail = sanitizeMessage(error.message.replace(/^MCP error -?\d+: /, ''), null, 200);
    switch (error.code) {
      case ErrorCode.RequestTimeout:
        return { kind: 'timeout', message: `${where} did not answer in time: ${detail}` };
      case ErrorCode.ConnectionClosed:
        return {
          kind: 'network',
          message: `${where} closed the connection before answering.`,
        };
      case ErrorCode.InternalError:
        return { kind: 'server', message: `${where} answered with an internal error: ${detail}` };
      default:
        return { kind: 'invalid_response', message: `${where} refused the call: ${detail}` };
    }
  }
  const network = describeNetworkError(error, url);
  if (network) return { kind: 'network', message: network };
  return {
    kind: 'invalid_response',
    message: `${where} answered with something that is not a valid MCP reply${
      error instanceof SyntaxError ? ' (not JSON)' : ''
    }.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Invoke

function remoteIdOf(session: Session): string | null {
  if (session.toolCallId === null) return null;
  const sessionId = session.transport.sessionId;
  return sessionId ? `${session.toolCallId}@${sessionId}` : String(session.toolCallId);
}

async function invokeMcp(
  target: AgentTarget<'mcp'>,
  request: InvokeRequest,
): Promise<InvokeResult> {
  const startedAt = performance.now();
  let remoteTaskId: string | undefined;
  let remoteCancel: RemoteCancelOutcome | undefined;
  const fail = invokeFailure(target.secret, startedAt, () => ({ remoteTaskId, remoteCancel }));
  const opening = openCall(target.endpointUrl, request.signal, fail);
  if (!opening.ok) return opening.failure;
  const { url, where } = opening;
  const deadline = createDeadline(request.timeoutMs, request.signal);
  // Aborts the operation when an answer outgrows its cap (classified from http.tooLarge).
  const overflow = new AbortController();
  const signal = AbortSignal.any([deadline.signal, overflow.signal]);
  const sdkTimeoutMs = request.timeoutMs + 5_000;
  let session: Session | undefined;
  try {
    try {
      session = await openSession(target, {
        signal,
        timeoutMs: sdkTimeoutMs,
        ...(request.traceparent && { traceparent: request.traceparent }),
        onTooLarge: () => overflow.abort(),
        onToolCall: (remoteId) => {
          try {
            request.onRemoteTask?.(remoteId);
          } catch {
            // Recording the id is the caller's business; it never fails the call.
          }
        },
      });
    } catch (error) {
      const failure = describeMcpError(error, url, {
        timedOut: deadline.timedOut,
        cancelled: request.signal.aborted,
      });
      return fail(failure.kind, failure.message, failure.retryAfterMs);
    }
    const opened = session;
    let result: CallToolResult;
    let toolName: string;
    let tool: Tool | undefined;
    try {
      const tools = await listAllTools(opened, signal, sdkTimeoutMs, where);
      const imported = toolsToCapabilities(tools).find(
        (entry) => entry.capability.name === request.capability,
      );
      if (!imported) {
        return fail(
          'invalid_response',
          `${where} no longer offers a tool for '${request.capability}' (its tool list changed).`,
        );
      }
      toolName = imported.toolName;
      tool = tools.find((entry) => entry.name === toolName);
      const args = buildToolArguments(toolName, imported.capability.inputSchema, request.input);
      if (!args.ok) return fail('invalid_response', args.message);
      result = (await opened.client.callTool(
        {
          name: toolName,
          arguments: args.arguments,
          _meta: {
            'baton/taskId': request.taskId,
            'baton/attempt': request.attempt,
            'baton/idempotencyKey': request.idempotencyKey,
            ...(request.traceparent && { traceparent: request.traceparent }),
          },
        },
        CallToolResultSchema,
        { signal, timeout: sdkTimeoutMs },
      )) as CallToolResult;
    } catch (error) {
      remoteTaskId = remoteIdOf(opened) ?? undefined;
      if (remoteTaskId && signal.aborted && opened.cancellations.length > 0) {
        const delivered = await within(
          Promise.all(opened.cancellations).then((all) => all.every(Boolean)),
          REMOTE_CANCEL_TIMEOUT_MS,
        );
        remoteCancel = delivered
          ? { remoteTaskId, ok: true, state: 'cancel notified' }
          : {
              remoteTaskId,
              ok: false,
              error: 'The cancellation notification could not be delivered.',
            };
      }
      const failure = describeMcpError(error, url, {
        timedOut: deadline.timedOut,
        cancelled: request.signal.aborted,
        http: opened.http,
      });
      const note = remoteCancel
        ? remoteCancel.ok
          ? ` Baton sent notifications/cancelled for request ${opened.toolCallId}.`
          : ` ${remoteCancel.error}`
        : '';
      return fail(failure.kind, `${failure.message}${note}`, failure.retryAfterMs);
    }
    remoteTaskId = remoteIdOf(opened) ?? undefined;
    const reply = readToolResult(result);
    // The SDK checks output schemas of the last tools/list page only; Baton checks this tool's.
    const outputProblem = result.isError ? null : checkStructuredOutput(tool, result);
    if (outputProblem) return fail('invalid_response', `${where} ${outputProblem}`);
    if (result.isError) {
      return fail(
        'server',
        `The tool '${toolName}' reported an error${reply.text ? `: ${reply.text}` : ' (no message).'}`,
      );
    }
    return {
      ok: true,
      output: reply.output,
      text: reply.text,
      ...(remoteTaskId ? { remoteTaskId } : {}),
      latencyMs: elapsedSince(startedAt),
    };
  } finally {
    await session?.close();
    deadline.dispose();
  }
}

const outputValidator = new CfWorkerJsonSchemaValidator();

/** Why a result breaks the tool's declared output schema, or null when it does not. */
function checkStructuredOutput(tool: Tool | undefined, result: CallToolResult): string | null {
  if (!tool?.outputSchema) return null;
  if (result.structuredContent === undefined) {
    return `answered without structured content, which the output schema of '${tool.name}' requires.`;
  }
  try {
    const check = outputValidator.getValidator(tool.outputSchema as never)(
      result.structuredContent,
    );
    return check.valid
      ? null
      : `answered content that breaks the output schema of '${tool.name}': ${sanitizeMessage(check.errorMessage, null, 200)}`;
  } catch {
    return null;
  }
}

/**
 * `notifications/cancelled` for a tool call made by a process that is gone: a fresh transport joins
 * the call's session (`Mcp-Session-Id`), sends the notification and terminates the session.
 */
async function cancelMcp(
  target: AgentTarget<'mcp'>,
  { remoteTaskId, timeoutMs, signal }: CancelRequest,
): Promise<RemoteCancelOutcome> {
  const failed = cancelFailure(remoteTaskId, target.secret);
  const url = target.endpointUrl;
  if (!url) return failed('The agent has no URL.');
  const at = remoteTaskId.indexOf('@');
  if (at < 0) {
    return failed(
      'The server keeps no session (stateless Streamable HTTP): a call from another process cannot be cancelled.',
    );
  }
  const idText = remoteTaskId.slice(0, at);
  const requestId = /^\d+$/.test(idText) ? Number(idText) : idText;
  const sessionId = remoteTaskId.slice(at + 1);
  const deadline = createDeadline(timeoutMs, signal);
  const http: HttpState = { status: null, retryAfter: null, tooLarge: false };
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: sessionFetch(agentHeaders(target.config.headers, target.secret), http, undefined),
    sessionId,
  });
  try {
    await transport.start();
    await Promise.race([
      transport.send({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId, reason: 'Baton stopped this attempt (its worker was lost).' },
      }),
      new Promise((_, reject) =>
        deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), {
          once: true,
        }),
      ),
    ]);
    await within(
      transport.terminateSession().catch(() => {}),
      SESSION_CLOSE_TIMEOUT_MS,
    );
    return { remoteTaskId, ok: true, state: 'cancel notified' };
  } catch (error) {
    if (error instanceof StreamableHTTPError && error.code === 404) {
      return failed(
        `The server no longer knows session ${sessionId} (it ended, expired or the server restarted).`,
      );
    }
    const failure = describeMcpError(error, url, {
      timedOut: deadline.timedOut,
      cancelled: signal?.aborted ?? false,
      http,
    });
    return failed(`notifications/cancelled failed: ${failure.message}`);
  } finally {
    await transport.close().catch(() => {});
    deadline.dispose();
  }
}

export const mcpAdapter: AgentAdapter<'mcp'> = {
  kind: 'mcp',
  async probe(target, { signal, timeoutMs }): Promise<ProbeResult> {
    const startedAt = performance.now();
    try {
      const card = await listMcpTools(target, { timeoutMs, ...(signal && { signal }) });
      return { ok: true, latencyMs: elapsedSince(startedAt), card };
    } catch (error) {
      if (!(error instanceof McpServerError)) throw error;
      return {
        ok: false,
        latencyMs: elapsedSince(startedAt),
        error: sanitizeMessage(error.message, target.secret),
      };
    }
  },
  invoke: invokeMcp,
  cancel: cancelMcp,
};
