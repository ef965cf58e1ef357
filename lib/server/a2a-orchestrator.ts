/**
 * Baton itself as an A2A agent, so other orchestrators can delegate to it: its card at
 * `/.well-known/agent-card.json` (and `/api/a2a/.well-known/agent-card.json`), JSON-RPC at
 * `/api/a2a`. SendMessage is a submission: the message text is the request (a data part
 * `{ "workflow": … }` submits an explicit workflow; message metadata `{ "baton": { "strategy",
 * "budgetMicros", "deadlineSeconds", "planner" } }` sets options). The A2A task stays WORKING while
 * the request runs and completes with the synthesized result (text + data); CancelTask cancels the
 * request. The messageId is the idempotency key: a re-sent message returns the same request.
 *
 * A2A task records live in PostgreSQL (lib/server/a2a-task-store.ts, ADR 0053), like the request
 * itself, whose id is in the task's metadata (`batonRequestId`) for the REST API. Any Baton process
 * answers GetTask and CancelTask: when the process that runs the task is another one (or is gone),
 * the task is brought up to date from its request first, and CancelTask cancels the request.
 */
import {
  AgentCard,
  TaskState,
  taskStateToJSON,
  type AgentCard as AgentCardType,
  type Artifact,
  type CancelTaskRequest,
  type GetTaskRequest,
  type Message,
  type Task,
} from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
  type ServerCallContext,
  type TaskStore,
} from '@a2a-js/sdk/server';
import {
  BATON_CARD_COMMON,
  a2aServer,
  agentMessage,
  dataPart,
  serveA2AJsonRpc,
  sharedA2AServer,
  textPart,
  type A2AServer,
} from '@/lib/agents/builtin/a2a-server';
import type { PrismaClient } from '@/lib/db/prisma';
import { isAppError, type AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { SubmitRequestSchema } from '@/lib/schemas/requests';
import { BATON_VERSION } from '@/lib/version';
import { PrismaTaskStore, TERMINAL_A2A_STATES } from './a2a-task-store';
import { cancelRequest } from './execution/control';
import { submitRequest } from './execution/submit';

export const ORCHESTRATOR_A2A_PATH = '/api/a2a';
const POLL_MS = 250;

export function buildOrchestratorCard(publicUrl: string): AgentCardType {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    name: 'Baton',
    description:
      'A control plane for fleets of AI agents: plans a request into a graph of tasks, routes each task to a registered agent, runs them durably and returns the synthesized result.',
    version: BATON_VERSION,
    supportedInterfaces: [
      {
        url: `${base}${ORCHESTRATOR_A2A_PATH}`,
        protocolBinding: 'JSONRPC',
        tenant: '',
        protocolVersion: '1.0',
      },
    ],
    provider: { organization: 'Baton', url: base },
    documentationUrl: undefined,
    iconUrl: undefined,
    ...BATON_CARD_COMMON,
    skills: [
      {
        id: 'orchestrate',
        name: 'Orchestrate',
        description:
          'Runs a request across Baton’s registered agents: plans tasks with dependencies, routes and executes them, and answers with the combined result. Send plain text, or a data part {"workflow": {"tasks": [...]}}.',
        tags: ['orchestration', 'planning', 'routing'],
        examples: [
          "Calculate 15 * 7 and count the words in 'Hello world'",
          'Calculate 25 * 4 and format the result as JSON',
        ],
        inputModes: ['text/plain', 'application/json'],
        outputModes: ['text/plain', 'application/json'],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };
}

export function orchestratorCardJson(publicUrl: string): unknown {
  return AgentCard.toJSON(buildOrchestratorCard(publicUrl));
}

/** The submission a message asks for; throws a readable message when it is not valid. */
export function submissionFromMessage(message: Message, requestMetadata: unknown) {
  const texts: string[] = [];
  let workflow: unknown;
  for (const part of message.parts) {
    if (part.content?.$case === 'text') texts.push(part.content.value);
    if (part.content?.$case === 'data') {
      const value = part.content.value as { workflow?: unknown } | undefined;
      if (value && typeof value === 'object' && 'workflow' in value) workflow = value.workflow;
    }
  }
  const options = [message.metadata, requestMetadata]
    .map((m) => (m as { baton?: Record<string, unknown> } | undefined)?.baton)
    .find((b) => b && typeof b === 'object');
  const text = texts.join('\n').trim();
  const candidate = {
    ...(workflow === undefined ? { input: text } : { workflow }),
    ...(options?.strategy !== undefined && { strategy: options.strategy }),
    ...(options?.budgetMicros !== undefined && { budgetMicros: options.budgetMicros }),
    ...(options?.deadlineSeconds !== undefined && { deadlineSeconds: options.deadlineSeconds }),
    ...(options?.planner !== undefined && workflow === undefined && { planner: options.planner }),
  };
  const parsed = SubmitRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Baton cannot run this message: ${problems}`);
  }
  return parsed.data;
}

/** The task's result artifact: the synthesized text, and the request id with the whole result. */
function resultArtifact(requestId: string, result: { text?: string } | null): Artifact {
  return {
    artifactId: 'result',
    name: 'result',
    description: `Result of Baton request ${requestId}`,
    parts: [textPart(result?.text ?? ''), dataPart({ requestId, result })],
    metadata: undefined,
    extensions: [],
  };
}

class OrchestratorExecutor implements AgentExecutor {
  /** A2A task id → Baton request id and context, while the task runs. */
  private readonly running = new Map<
    string,
    { requestId: string; contextId: string; caller: string }
  >();

  constructor(private readonly db: () => PrismaClient) {}

  /** Whether this process is running the task (and so publishes its events itself). */
  isRunning(taskId: string): boolean {
    return this.running.has(taskId);
  }

  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId, userMessage } = ctx;
    const caller = ctx.context?.user?.userName ?? 'a2a:anonymous';
    const now = () => new Date().toISOString();
    const status = (state: TaskState, text?: string, metadata?: Record<string, unknown>) =>
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: {
          state,
          message: text === undefined ? undefined : agentMessage(text, taskId, contextId),
          timestamp: now(),
        },
        metadata,
      });
    const reject = (text: string) =>
      bus.publish(
        AgentEvent.task({
          id: taskId,
          contextId,
          status: {
            state: TaskState.TASK_STATE_REJECTED,
            message: agentMessage(text, taskId, contextId),
            timestamp: now(),
          },
          artifacts: [],
          history: [userMessage],
          metadata: undefined,
        } satisfies Task),
      );
    let submission;
    try {
      submission = submissionFromMessage(userMessage, ctx.request.metadata);
    } catch (error) {
      reject((error as Error).message);
      return;
    }
    const db = this.db();
    let requestId: string;
    try {
      ({ id: requestId } = await submitRequest(
        db,
        submission,
        { userId: null, label: caller },
        {
          idempotencyKey: `a2a:${userMessage.messageId}`,
        },
      ));
    } catch (error) {
      // A request that cannot be planned is refused before anything is saved (issue 15).
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        reject(refusalText(error));
        return;
      }
      throw error;
    }
    this.running.set(taskId, { requestId, contextId, caller });
    bus.publish(
      AgentEvent.task({
        id: taskId,
        contextId,
        status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: now() },
        artifacts: [],
        history: [userMessage],
        metadata: { batonRequestId: requestId },
      } satisfies Task),
    );
    try {
      let last = '';
      for (;;) {
        const request = await db.request.findUnique({
          where: { id: requestId },
          select: { status: true, result: true, error: true },
        });
        if (!request) throw new Error('the request disappeared');
        if (
          request.status !== last &&
          !['succeeded', 'failed', 'cancelled'].includes(request.status)
        ) {
          last = request.status;
          bus.publish(
            status(
              TaskState.TASK_STATE_WORKING,
              `Baton request ${requestId} is ${request.status}.`,
              { batonRequestId: requestId },
            ),
          );
        }
        if (request.status === 'succeeded') {
          const result = request.result as { text?: string } | null;
          bus.publish(
            AgentEvent.artifactUpdate({
              taskId,
              contextId,
              artifact: resultArtifact(requestId, result),
              append: false,
              lastChunk: true,
              metadata: undefined,
            }),
          );
          bus.publish(
            status(TaskState.TASK_STATE_COMPLETED, result?.text ?? 'Done.', {
              batonRequestId: requestId,
            }),
          );
          return;
        }
        if (request.status === 'failed') {
          bus.publish(
            status(TaskState.TASK_STATE_FAILED, request.error ?? 'The request failed.', {
              batonRequestId: requestId,
            }),
          );
          return;
        }
        if (request.status === 'cancelled') {
          // CancelTask published the terminal event itself.
          if (!this.running.get(taskId)) return;
          bus.publish(
            status(TaskState.TASK_STATE_CANCELED, request.error ?? 'Cancelled.', {
              batonRequestId: requestId,
            }),
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      this.running.delete(taskId);
    }
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    const entry = this.running.get(taskId);
    if (!entry) return;
    this.running.delete(taskId);
    try {
      await cancelRequest(this.db(), entry.requestId, entry.caller, 'CancelTask over A2A');
    } catch (error) {
      logger.info({ err: error, requestId: entry.requestId }, 'A2A cancel of a finished request');
    }
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId: entry.contextId,
        status: {
          state: TaskState.TASK_STATE_CANCELED,
          message: agentMessage('Cancelled on request.', taskId, entry.contextId),
          timestamp: new Date().toISOString(),
        },
        metadata: { batonRequestId: entry.requestId },
      }),
    );
  }
}

function batonRequestIdOf(task: Task): string | null {
  const id = (task.metadata as { batonRequestId?: unknown } | undefined)?.batonRequestId;
  return typeof id === 'string' && id ? id : null;
}

/**
 * The SDK's handler, plus what a durable store needs when the task runs in another process (or in
 * none, after a restart): GetTask and CancelTask first bring the task up to date from its request,
 * and CancelTask cancels the request, which the SDK alone would not.
 */
class OrchestratorRequestHandler extends DefaultRequestHandler {
  constructor(
    card: AgentCardType,
    private readonly store: TaskStore,
    private readonly executor: OrchestratorExecutor,
    private readonly db: () => PrismaClient,
  ) {
    super(card, store, executor);
  }

  override async getTask(params: GetTaskRequest, context: ServerCallContext): Promise<Task> {
    await this.reconcile(params.id, context);
    return super.getTask(params, context);
  }

  override async cancelTask(params: CancelTaskRequest, context: ServerCallContext): Promise<Task> {
    const task = await this.reconcile(params.id, context);
    const requestId = task && batonRequestIdOf(task);
    if (task && requestId && !this.executor.isRunning(task.id) && !isTerminal(task)) {
      const caller = context.user?.userName ?? 'a2a:anonymous';
      try {
        await cancelRequest(this.db(), requestId, caller, 'CancelTask over A2A');
      } catch (error) {
        logger.info({ err: error, requestId }, 'A2A cancel of a finished request');
      }
    }
    return super.cancelTask(params, context);
  }

  /**
   * A task no executor here is following, whose request has ended meanwhile, gets the end stored
   * (the same terminal state and result the executor would have published). Returns the task.
   */
  private async reconcile(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    if (!taskId || this.executor.isRunning(taskId)) return undefined;
    const task = await this.store.load(taskId, context);
    const requestId = task && batonRequestIdOf(task);
    if (!task || !requestId || isTerminal(task)) return task;
    const request = await this.db().request.findUnique({
      where: { id: requestId },
      select: { status: true, result: true, error: true },
    });
    if (!request || !['succeeded', 'failed', 'cancelled'].includes(request.status)) return task;
    const result = request.result as { text?: string } | null;
    const [state, text] =
      request.status === 'succeeded'
        ? [TaskState.TASK_STATE_COMPLETED, result?.text ?? 'Done.']
        : request.status === 'failed'
          ? [TaskState.TASK_STATE_FAILED, request.error ?? 'The request failed.']
          : [TaskState.TASK_STATE_CANCELED, request.error ?? 'Cancelled.'];
    const ended: Task = {
      ...task,
      status: {
        state,
        message: agentMessage(text, task.id, task.contextId),
        timestamp: new Date().toISOString(),
      },
      artifacts:
        request.status === 'succeeded' ? [resultArtifact(requestId, result)] : task.artifacts,
    };
    await this.store.save(ended, context);
    return this.store.load(taskId, context);
  }
}

function isTerminal(task: Task): boolean {
  return TERMINAL_A2A_STATES.includes(
    taskStateToJSON(task.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED),
  );
}

/**
 * Baton's orchestrator endpoint with its tasks in `taskStore` (default: the PostgreSQL store). Each
 * call makes an independent server, as another Baton process would have; the route keeps one.
 */
export function createOrchestratorA2AServer(
  publicUrl: string,
  db: () => PrismaClient,
  taskStore: TaskStore = new PrismaTaskStore(db, 'orchestrator'),
): A2AServer {
  const card = buildOrchestratorCard(publicUrl);
  return a2aServer(
    card,
    new OrchestratorRequestHandler(card, taskStore, new OrchestratorExecutor(db), db),
  );
}

function getOrchestratorServer(publicUrl: string, db: () => PrismaClient): A2AServer {
  return sharedA2AServer(`orchestrator\n${publicUrl}`, () =>
    createOrchestratorA2AServer(publicUrl, db),
  );
}

/** Serves one JSON-RPC request to Baton's orchestrator. The caller is authenticated already. */
export function handleOrchestratorA2ARequest(
  request: Request,
  options: { publicUrl: string; caller: string; db: () => PrismaClient },
): Promise<Response> {
  return serveA2AJsonRpc(getOrchestratorServer(options.publicUrl, options.db), request, {
    caller: options.caller,
    label: 'orchestrator',
  });
}

/** One line for an A2A caller: the refusal and each field's problem. */
function refusalText(error: AppError): string {
  const fields = Object.entries(error.fields ?? {}).filter(([key]) => !key.includes('.'));
  return fields.length ? fields.map(([key, text]) => `${key}: ${text}`).join(' ') : error.message;
}
