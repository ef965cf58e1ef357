/**
 * Baton itself as an A2A agent, so other orchestrators can delegate to it: its card at
 * `/.well-known/agent-card.json` (and `/api/a2a/.well-known/agent-card.json`), JSON-RPC at
 * `/api/a2a`. SendMessage is a submission: the message text is the request (a data part
 * `{ "workflow": … }` submits an explicit workflow; message metadata `{ "baton": { "strategy",
 * "budgetMicros", "deadlineSeconds", "planner" } }` sets options). The A2A task stays WORKING while
 * the request runs and completes with the synthesized result (text + data); CancelTask cancels the
 * request. The messageId is the idempotency key: a re-sent message returns the same request.
 *
 * A2A task records live in this process's memory (like the builtin agents'); the request itself is
 * durable, and its id is in the task's metadata (`batonRequestId`) for the REST API.
 */
import {
  AgentCard,
  TaskState,
  type AgentCard as AgentCardType,
  type Message,
  type Task,
} from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import {
  BATON_CARD_COMMON,
  RotatingTaskStore,
  agentMessage,
  dataPart,
  serveA2AJsonRpc,
  textPart,
  type A2AServer,
} from '@/lib/agents/builtin/a2a-server';
import { JsonRpcTransportHandler } from '@a2a-js/sdk/server';
import type { PrismaClient } from '@/lib/db/prisma';
import { isAppError, type AppError } from '@/lib/errors';
import { logger } from '@/lib/logger';
import { SubmitRequestSchema } from '@/lib/schemas/requests';
import { BATON_VERSION } from '@/lib/version';
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

class OrchestratorExecutor implements AgentExecutor {
  /** A2A task id → Baton request id and context, while the task runs. */
  private readonly running = new Map<
    string,
    { requestId: string; contextId: string; caller: string }
  >();

  constructor(private readonly db: () => PrismaClient) {}

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
              artifact: {
                artifactId: 'result',
                name: 'result',
                description: `Result of Baton request ${requestId}`,
                parts: [textPart(result?.text ?? ''), dataPart({ requestId, result })],
                metadata: undefined,
                extensions: [],
              },
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

const globalForOrchestrator = globalThis as typeof globalThis & {
  batonOrchestratorA2A?: Map<string, A2AServer>;
};

function getOrchestratorServer(publicUrl: string, db: () => PrismaClient): A2AServer {
  const servers = (globalForOrchestrator.batonOrchestratorA2A ??= new Map());
  let server = servers.get(publicUrl);
  if (!server) {
    const card = buildOrchestratorCard(publicUrl);
    const handler = new DefaultRequestHandler(
      card,
      new RotatingTaskStore(),
      new OrchestratorExecutor(db),
    );
    server = { card, transport: new JsonRpcTransportHandler(handler) };
    servers.set(publicUrl, server);
  }
  return server;
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
