/**
 * Baton as an MCP server (issue 13, ADR 0018): `/api/mcp`, Streamable HTTP through the official
 * SDK's web-standard transport, so an MCP client (an IDE assistant, a desktop chat app) can delegate
 * work to the fleet and follow it.
 *
 * - Stateless: each POST builds a server and a transport for that one HTTP request (no
 *   `Mcp-Session-Id`), so any Baton process can answer any call and nothing is held between calls.
 *   Answers are JSON, not event streams: every tool answers at once (submit_request may wait a
 *   bounded time for the result).
 * - Authentication is the route's (apiRoute: an API token or the session cookie, viewer at least);
 *   each tool then needs the role MCP_TOOL_ACCESS gives it (lib/auth/access-matrix.ts), checked
 *   before it does anything. A refused call is a tool error naming the role, like the REST API's 403.
 * - Tools: submit_request, get_request, cancel_request, list_agents, set_agent_status. Resources:
 *   `baton://requests/{id}/result` and `baton://requests/{id}/trace`.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { z, ZodError } from 'zod';
import { MCP_TOOL_ACCESS, type McpToolName } from '@/lib/auth/access-matrix';
import { hasRole } from '@/lib/auth/roles';
import type { Viewer } from '@/lib/auth/viewer';
import type { PrismaClient } from '@/lib/db/prisma';
import { changeAgentStatus } from '@/lib/db/repositories/agent-mutations';
import { findAgents } from '@/lib/db/repositories/agents';
import { findRequestEvents, getRequestDetail } from '@/lib/db/repositories/requests';
import { AGENT_KINDS, AGENT_STATUSES, type RequestStatus } from '@/lib/engine';
import { fieldErrorsFrom, isAppError } from '@/lib/errors';
import { toJsonValue } from '@/lib/http/json';
import { logger } from '@/lib/logger';
import { SubmitRequestSchema } from '@/lib/schemas/requests';
import { BATON_VERSION } from '@/lib/version';
import { attributionOf } from './attribution';
import { cancelRequest } from './execution/control';
import { submitRequest } from './execution/submit';

/** The longest submit_request may wait for a result before answering with the request's state. */
export const MAX_WAIT_SECONDS = 60;
const WAIT_POLL_MS = 250;
const TERMINAL: readonly RequestStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface McpCallContext {
  db: PrismaClient;
  viewer: Viewer;
}

const json = (value: unknown): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(toJsonValue(value), null, 2) }],
  structuredContent: toJsonValue(value) as Record<string, unknown>,
});

const toolError = (message: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text: message }],
});

/** The message an MCP client shows for a failure: the AppError's, or each field's problem. */
function describeFailure(error: unknown, tool: string): string {
  if (isAppError(error)) {
    const fields = error.fields
      ? ` ${Object.entries(error.fields)
          .map(([field, problem]) => `${field}: ${problem}`)
          .join('; ')}`
      : '';
    return `${error.message}${fields}`;
  }
  if (error instanceof ZodError) {
    return Object.entries(fieldErrorsFrom(error.issues))
      .map(([field, problem]) => `${field}: ${problem}`)
      .join('; ');
  }
  logger.error({ err: error, tool }, 'MCP tool failed');
  return 'Something went wrong on our side. It has been logged.';
}

/** Runs a tool body once the caller's role allows it; failures become tool errors. */
function guarded<A>(
  name: McpToolName,
  context: McpCallContext,
  body: (args: A, extra: { signal: AbortSignal }) => Promise<CallToolResult>,
): (args: A, extra: { signal: AbortSignal }) => Promise<CallToolResult> {
  return async (args, extra) => {
    const needed = MCP_TOOL_ACCESS[name];
    if (!hasRole(context.viewer.role, needed)) {
      return toolError(
        `${name} needs the ${needed} role; this ${context.viewer.kind} has ${context.viewer.role}.`,
      );
    }
    try {
      return await body(args, extra);
    } catch (error) {
      return toolError(describeFailure(error, name));
    }
  };
}

/** What an MCP client needs of a request: its state, result and tasks, without routing detail. */
async function requestSummary(db: PrismaClient, id: string) {
  const detail = await getRequestDetail(db, id);
  if (!detail) return null;
  return {
    id: detail.id,
    status: detail.status,
    input: detail.input,
    error: detail.error,
    result: detail.result,
    createdAt: detail.createdAt,
    finishedAt: detail.finishedAt,
    durationMs: detail.durationMs,
    totalCostMicros: detail.costByAgent.reduce((sum, entry) => sum + entry.amount, 0n),
    tasks: detail.tasks.map((task) => ({
      ref: task.ref,
      capability: task.capability,
      status: task.status,
      agent: task.agent?.name ?? null,
      attempts: task.attempts.length,
      output: task.output,
      error: task.error,
    })),
    resources: {
      result: `baton://requests/${detail.id}/result`,
      trace: `baton://requests/${detail.id}/trace`,
    },
  };
}

async function waitForEnd(db: PrismaClient, id: string, seconds: number, signal: AbortSignal) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline && !signal.aborted) {
    const row = await db.request.findUnique({ where: { id }, select: { status: true } });
    if (!row || TERMINAL.includes(row.status)) return;
    await sleep(WAIT_POLL_MS, undefined, { signal }).catch(() => {});
  }
}

const RequestIdArg = z.uuid('The request id must be a UUID.');

/** Baton's MCP server for one caller (built per HTTP request: see the module comment). */
export function createBatonMcpServer(context: McpCallContext): McpServer {
  const { db, viewer } = context;
  const server = new McpServer(
    { name: 'baton', title: 'Baton', version: BATON_VERSION },
    {
      instructions:
        'Baton routes work to a fleet of AI agents. submit_request hands a task to the fleet ' +
        '(plain text, or an explicit workflow); get_request follows it; the resources ' +
        'baton://requests/{id}/result and /trace give its result and what happened.',
    },
  );

  server.registerTool(
    'submit_request',
    {
      title: 'Submit a request',
      description:
        'Hands work to the fleet: `input` in plain language (Baton plans the tasks) or an explicit ' +
        '`workflow`. With `waitSeconds`, waits up to that long for the result. Needs the operator role.',
      inputSchema: {
        input: z.string().max(20_000).optional().describe('What to do, in plain language.'),
        workflow: z
          .record(z.string(), z.unknown())
          .optional()
          .describe(
            'An explicit task graph instead of input: { tasks: [{ ref, capability, … }] }.',
          ),
        strategy: z.string().optional().describe('Routing strategy (default: the settings one).'),
        budgetMicros: z.number().int().optional().describe('Spending limit in micro-dollars.'),
        requiresApproval: z
          .boolean()
          .optional()
          .describe('Wait for an operator to approve the plan before anything runs.'),
        waitSeconds: z
          .number()
          .int()
          .min(0)
          .max(MAX_WAIT_SECONDS)
          .optional()
          .describe(`Wait up to this long (at most ${MAX_WAIT_SECONDS} s) for the request to end.`),
      },
    },
    guarded('submit_request', context, async ({ waitSeconds, ...rest }, extra) => {
      const payload = SubmitRequestSchema.parse(
        Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
      );
      const submitted = await submitRequest(db, payload, {
        userId: viewer.kind === 'user' ? viewer.id : null,
        label: viewer.actor,
      });
      if (waitSeconds) {
        await waitForEnd(db, submitted.id, waitSeconds, extra.signal);
      }
      return json(await requestSummary(db, submitted.id));
    }),
  );

  server.registerTool(
    'get_request',
    {
      title: 'Get a request',
      description: 'A request’s status, result, tasks and cost. Needs the viewer role.',
      inputSchema: { id: RequestIdArg.describe('The request id.') },
      annotations: { readOnlyHint: true },
    },
    guarded('get_request', context, async ({ id }) => {
      const summary = await requestSummary(db, id);
      return summary ? json(summary) : toolError(`There is no request ${id}.`);
    }),
  );

  server.registerTool(
    'cancel_request',
    {
      title: 'Cancel a request',
      description:
        'Cancels a request: pending tasks are cancelled and running attempts aborted. Needs the operator role.',
      inputSchema: {
        id: RequestIdArg.describe('The request id.'),
        reason: z.string().max(1000).optional().describe('Why, for the record.'),
      },
      annotations: { destructiveHint: true },
    },
    guarded('cancel_request', context, async ({ id, reason }) => {
      const result = await cancelRequest(db, id, viewer.actor, reason);
      return json({ id, ...result });
    }),
  );

  server.registerTool(
    'list_agents',
    {
      title: 'List agents',
      description:
        'The fleet’s agents, newest first, a page at a time, with their capabilities. Needs the viewer role.',
      inputSchema: {
        status: z.enum(AGENT_STATUSES).optional(),
        kind: z.enum(AGENT_KINDS).optional(),
        capability: z.string().max(128).optional().describe('Only agents offering it.'),
        search: z.string().max(200).optional(),
        page: z.number().int().min(1).optional(),
        pageSize: z.number().int().min(1).max(100).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    guarded('list_agents', context, async ({ page, pageSize, ...filters }) =>
      json(await findAgents(db, { page: page ?? 1, pageSize: pageSize ?? 25 }, filters)),
    ),
  );

  server.registerTool(
    'set_agent_status',
    {
      title: 'Set an agent’s status',
      description:
        'Moves an agent through its lifecycle (e.g. MAINTENANCE to take it out of routing). Needs the operator role.',
      inputSchema: {
        id: z.uuid('The agent id must be a UUID.').describe('The agent id.'),
        status: z.enum(AGENT_STATUSES),
        reason: z.string().trim().min(1, 'Give a reason.').max(500),
      },
    },
    guarded('set_agent_status', context, async ({ id, status, reason }) =>
      json(await changeAgentStatus(db, id, { to: status, reason }, attributionOf(viewer))),
    ),
  );

  const readable = (uri: URL, text: unknown) => ({
    contents: [
      {
        uri: uri.href,
        mimeType: 'application/json',
        text: JSON.stringify(toJsonValue(text), null, 2),
      },
    ],
  });
  const requestId = (value: string | string[] | undefined) => {
    const parsed = RequestIdArg.safeParse(Array.isArray(value) ? value[0] : value);
    if (!parsed.success) throw new Error('The request id must be a UUID.');
    return parsed.data;
  };

  server.registerResource(
    'request-result',
    new ResourceTemplate('baton://requests/{id}/result', { list: undefined }),
    {
      title: 'A request’s result',
      description: 'The final answer of a request, with its status and error.',
      mimeType: 'application/json',
    },
    async (uri, { id }) => {
      const detail = await getRequestDetail(db, requestId(id));
      if (!detail) throw new Error(`There is no request ${String(id)}.`);
      return readable(uri, {
        id: detail.id,
        status: detail.status,
        result: detail.result,
        error: detail.error,
      });
    },
  );

  server.registerResource(
    'request-trace',
    new ResourceTemplate('baton://requests/{id}/trace', { list: undefined }),
    {
      title: 'A request’s trace',
      description:
        'What happened: each task and attempt (agent, timing, tokens, cost, error) and the event timeline.',
      mimeType: 'application/json',
    },
    async (uri, { id }) => {
      const rid = requestId(id);
      const detail = await getRequestDetail(db, rid);
      if (!detail) throw new Error(`There is no request ${rid}.`);
      const events = await findRequestEvents(db, rid);
      return readable(uri, {
        id: detail.id,
        status: detail.status,
        tasks: detail.tasks.map((task) => ({
          ref: task.ref,
          capability: task.capability,
          status: task.status,
          dependsOn: task.dependsOn,
          attempts: task.attempts.map((attempt) => ({
            number: attempt.number,
            status: attempt.status,
            agent: attempt.agent?.name ?? null,
            startedAt: attempt.startedAt,
            finishedAt: attempt.finishedAt,
            latencyMs: attempt.latencyMs,
            tokensIn: attempt.tokensIn,
            tokensOut: attempt.tokensOut,
            cost: attempt.cost,
            errorKind: attempt.errorKind,
            error: attempt.error,
          })),
        })),
        events: events.map((event) => ({
          type: event.type,
          taskId: event.taskId,
          at: event.createdAt,
          payload: event.payload,
        })),
      });
    },
  );

  return server;
}

/** One HTTP request to `/api/mcp`, answered by a server built for this caller. */
export async function handleMcpRequest(request: Request, context: McpCallContext) {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  const server = createBatonMcpServer(context);
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // JSON answers are complete when handleRequest resolves; nothing outlives the HTTP request.
    void server.close().catch(() => {});
  }
}
