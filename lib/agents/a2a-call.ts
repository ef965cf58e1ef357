/**
 * A2A calls: one attempt of one task sent as an A2A message (streamed, or sent then polled), the
 * reply read and bounded, failures classified, and CancelTask sent whenever an attempt ends before
 * the remote task did.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Role,
  TaskState,
  taskStateToJSON,
  type Artifact,
  type Message,
  type Part,
  type SendMessageRequest,
  type Task,
  type TaskArtifactUpdateEvent,
  type TaskStatus,
  type TaskStatusUpdateEvent,
} from '@a2a-js/sdk';
import { type Client } from '@a2a-js/sdk/client';
import {
  A2A_ERROR_CODE,
  isJsonRpcError,
  isRestError,
  TaskNotCancelableError,
  TaskNotFoundError,
  type JsonRpcA2AError,
  type RestA2AError,
} from '@a2a-js/sdk/errors';
import type { ErrorKind } from '@/lib/engine';
import { logger } from '@/lib/logger';
import { readReportedUsage } from './a2a-usage';
import {
  agentHeaders,
  BodyTooLargeError,
  createDeadline,
  describeNetworkError,
  displayUrl,
  elapsedSince,
  parseRetryAfter,
  type Deadline,
} from './http';
import { cancelFailure, invokeFailure, openCall } from './outcomes';
import type {
  AgentTarget,
  CancelRequest,
  InvokeRequest,
  InvokeResult,
  InvokeSuccess,
  RemoteCancelOutcome,
} from './types';
import { AgentCardError, errorText, resolveAgentCard, type ResolvedCard } from './a2a-card';
import { createA2AClient, isTask, MAX_RESPONSE_BYTES, type HttpTrace } from './a2a-client';

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
  contextId = '';
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

  /**
   * Everything the agent says after naming its task must be about that task: an answer for another
   * task id or context would be someone else's result (a confused or hostile agent).
   */
  private follow(taskId: string, contextId: string): void {
    if (this.id && taskId && taskId !== this.id) {
      throw new InvalidReplyError(
        `answered about another task (${taskId.slice(0, 100)}, not ${this.id.slice(0, 100)}).`,
      );
    }
    if (this.contextId && contextId && contextId !== this.contextId) {
      throw new InvalidReplyError(
        `answered in another context (${contextId.slice(0, 100)}, not ${this.contextId.slice(0, 100)}).`,
      );
    }
    this.id ||= taskId;
    this.contextId ||= contextId;
  }

  applyTask(task: Task): void {
    this.follow(task.id, task.contextId);
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
    this.follow(event.taskId, event.contextId);
    this.noteMetadata(event.metadata);
    if (event.status) this.applyStatus(event.status);
  }

  applyArtifactUpdate(event: TaskArtifactUpdateEvent): void {
    this.follow(event.taskId, event.contextId);
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
  const failed = cancelFailure(remoteTaskId, context.secret);
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

export async function invokeA2A(
  target: AgentTarget<'a2a'>,
  request: InvokeRequest,
): Promise<InvokeResult> {
  const startedAt = performance.now();
  const view = new RemoteTaskView();
  let remoteCancel: RemoteCancelOutcome | undefined;
  const fail = invokeFailure(target.secret, startedAt, () => ({
    remoteTaskId: view.id,
    remoteCancel,
  }));
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
  const opening = openCall(target.endpointUrl, request.signal, fail);
  if (!opening.ok) return opening.failure;
  const { url, where } = opening;
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
export async function cancelA2A(
  target: AgentTarget<'a2a'>,
  { remoteTaskId, timeoutMs, signal }: CancelRequest,
): Promise<RemoteCancelOutcome> {
  const failed = cancelFailure(remoteTaskId, target.secret);
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
