/**
 * The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas that validate requests
 * (zod-openapi), so the reference cannot drift from the code. Served at /api/v1/openapi.json.
 * A unit test checks that every route in the access matrix is documented here.
 */
import { z } from 'zod';
import {
  BudgetSchema,
  CreateBudgetSchema,
  RequestCostsSchema,
  UpdateBudgetSchema,
} from '@/lib/schemas/budgets';
import { CreatePriceSchema, PriceSchema, UpdatePriceSchema } from '@/lib/schemas/prices';
import { COST_GROUPS, CostGroupSchema, CostsQuerySchema } from '@/lib/schemas/costs';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import {
  AGENT_KINDS,
  AGENT_STATUSES,
  ATTEMPT_STATUSES,
  CIRCUIT_STATES,
  ERROR_KINDS,
  EXECUTION_MODES,
  REQUEST_STATUSES,
  ROUTING_STRATEGIES,
  TASK_STATUSES,
  USER_ROLES,
} from '@/lib/engine';
import { API_ACCESS, type Access, type HttpMethod } from '@/lib/auth/access-matrix';
import {
  AgentIdSchema,
  CapabilityQuerySchema,
  CapabilitySchema,
  ChangeAgentStatusSchema,
  ListAgentsQuerySchema,
  RegisterAgentSchema,
  UpdateAgentSchema,
  UptimeQuerySchema,
} from '@/lib/schemas/agents';
import { CreateApiTokenSchema } from '@/lib/schemas/auth';
import { PageQuerySchema } from '@/lib/schemas/common';
import {
  ApproveRequestSchema,
  CancelRequestSchema,
  RequestIdSchema,
  RequestListQuerySchema,
  SubmitRequestSchema,
  TaskActionSchema,
  TaskIdSchema,
} from '@/lib/schemas/requests';
import {
  LiveActivitySchema,
  RequestTraceSchema,
  RequestTraceSummarySchema,
  TraceQuerySchema,
  TraceTaskSchema,
} from '@/lib/schemas/trace';

const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .meta({ description: 'Field path → problem.' }),
    }),
  })
  .meta({ id: 'Error' });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

const AgentSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    displayName: z.string(),
    kind: z.enum(AGENT_KINDS),
    status: z.enum(AGENT_STATUSES),
    maxConcurrentTasks: z.number().int(),
    inFlight: z.number().int(),
    successRate: z.number().nullable(),
    ewmaLatencyMs: z.number().nullable(),
    circuitState: z.enum(CIRCUIT_STATES),
    hasDrift: z.boolean(),
    createdAt: z.iso.datetime(),
    capabilities: z.array(z.string()),
    capabilityCount: z.number().int(),
  })
  .meta({ id: 'AgentSummary' });

const AgentDetailSchema = AgentSummarySchema.omit({
  capabilities: true,
  capabilityCount: true,
  hasDrift: true,
})
  .extend({
    description: z.string(),
    version: z.string(),
    endpointUrl: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    weight: z.number().int(),
    priceInputPerMTok: z.number().int().meta({ description: 'Micro-dollars per 1M input tokens.' }),
    priceOutputPerMTok: z
      .number()
      .int()
      .meta({ description: 'Micro-dollars per 1M output tokens.' }),
    pricePerCall: z.number().int().meta({ description: 'Micro-dollars per call.' }),
    healthCheckIntervalS: z.number().int(),
    autoRecover: z.boolean(),
    statusReason: z.string().nullable(),
    hasSecret: z
      .boolean()
      .meta({ description: 'Whether a secret is stored. The secret itself is never returned.' }),
    cardDriftAt: z.iso.datetime().nullable(),
    capabilities: z.array(
      CapabilitySchema.extend({
        inputSchema: z
          .record(z.string(), z.unknown())
          .nullable()
          .optional()
          .meta({ description: 'MCP tools: the tool’s input JSON Schema.' }),
      }),
    ),
  })
  .meta({ id: 'AgentDetail' });

const TransitionSchema = z
  .object({
    id: z.string(),
    from: z.enum(AGENT_STATUSES).nullable(),
    to: z.enum(AGENT_STATUSES),
    reason: z.string(),
    actor: z.string().meta({ example: 'health_check' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'StatusTransition' });

const UptimeSchema = z
  .object({
    window: z.enum(['24h', '7d', '30d']),
    uptimeRatio: z.number().nullable().meta({
      description:
        'Up / (up + down); maintenance is excluded. Null when the agent did not exist in the window.',
    }),
    upMs: z.number(),
    downMs: z.number(),
    maintenanceMs: z.number(),
    buckets: z.array(
      z.object({ from: z.number(), to: z.number(), uptimeRatio: z.number().nullable() }),
    ),
  })
  .meta({ id: 'Uptime' });

const TokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    role: z.enum(USER_ROLES),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });

const RequestSummarySchema = z
  .object({
    id: z.uuid(),
    summary: z
      .string()
      .meta({ description: 'Start of the input, or the workflow title for workflow requests.' }),
    status: z.enum(REQUEST_STATUSES),
    strategy: z.enum(ROUTING_STRATEGIES),
    costTotal: z.number().int().meta({ description: 'Micro-dollars spent so far.' }),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .meta({ id: 'RequestSummary' });

const AgentRefSchema = z.object({ id: z.uuid(), name: z.string(), displayName: z.string() });

const AttemptSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    status: z.enum(ATTEMPT_STATUSES),
    agent: AgentRefSchema.nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    latencyMs: z.number().int().nullable(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    cost: z.number().int(),
    errorKind: z.enum(ERROR_KINDS).nullable(),
    error: z.string().nullable(),
    remoteTaskId: z.string().nullable(),
    remoteCancel: z
      .object({
        remoteTaskId: z.string(),
        ok: z.boolean(),
        state: z.string().optional(),
        error: z.string().optional(),
      })
      .nullable()
      .meta({ description: 'The CancelTask sent to a remote A2A agent and its outcome.' }),
    output: z.unknown(),
  })
  .meta({ id: 'TaskAttempt' });

const TaskSchema = z
  .object({
    id: z.uuid(),
    ref: z.string(),
    description: z.string(),
    capability: z.string(),
    mode: z.enum(EXECUTION_MODES),
    status: z.enum(TASK_STATUSES),
    dependsOn: z.array(z.string()),
    agent: AgentRefSchema.nullable(),
    routing: z
      .object({
        strategy: z.enum(ROUTING_STRATEGIES),
        chosen: z.object({ agentId: z.uuid(), name: z.string() }).nullable(),
        candidates: z.array(
          z.object({
            agentId: z.uuid(),
            name: z.string(),
            score: z.number().nullable(),
            reasons: z.array(z.string()),
          }),
        ),
        excluded: z.array(
          z.object({ agentId: z.uuid(), name: z.string(), reason: z.string(), detail: z.string() }),
        ),
      })
      .loose()
      .nullable()
      .meta({ description: 'Why the agent was chosen: ranked candidates and excluded agents.' }),
    input: z.unknown(),
    output: z.unknown(),
    error: z.string().nullable(),
    estimatedCost: z.number().int(),
    maxAttempts: z.number().int(),
    timeoutMs: z.number().int(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    attempts: z.array(AttemptSchema),
  })
  .loose()
  .meta({ id: 'Task' });

const RequestDetailSchema = z
  .object({
    id: z.uuid(),
    input: z.string().nullable(),
    workflow: z.unknown(),
    title: z.string().nullable().meta({
      description:
        'Workflow requests: the workflow’s `title`, else derived from its capabilities. Null for free text.',
    }),
    submittedBy: z.string(),
    strategy: z.enum(ROUTING_STRATEGIES),
    planner: z.enum(['heuristic', 'llm', 'workflow']),
    requiresApproval: z.boolean(),
    budgetLimit: z.number().int().nullable(),
    status: z.enum(REQUEST_STATUSES),
    result: z
      .object({
        text: z.string(),
        outputs: z.record(z.string(), z.unknown()),
        synthesizedBy: z.string(),
      })
      .loose()
      .nullable(),
    error: z.string().nullable(),
    deadlineAt: z.iso.datetime().nullable(),
    costTotal: z.number().int(),
    attemptCount: z.number().int(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    tasks: z.array(TaskSchema),
    costByAgent: z.array(
      z.object({ agentId: z.uuid().nullable(), name: z.string(), amount: z.number().int() }),
    ),
  })
  .loose()
  .meta({ id: 'RequestDetail' });

const RequestStateSchema = z.object({
  data: z.object({ id: z.uuid(), status: z.enum(REQUEST_STATUSES) }),
});

const json = (schema: z.ZodType, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const idParam = { path: AgentIdSchema };

/** Operation per route and method; `summary` and schemas. Security and errors are added below. */
const OPERATIONS: Record<string, Partial<Record<HttpMethod, ZodOpenApiOperationObject>>> = {
  '/api/v1/health': {
    GET: {
      summary:
        'Liveness and readiness: database and migrations; queue depth and workers (alive / stale)',
      responses: {
        200: json(z.object({ status: z.literal('ok') }).loose()),
        503: json(z.object({ status: z.literal('unavailable') }).loose(), 'Unavailable'),
      },
    },
  },
  '/api/v1/me': {
    GET: {
      summary: 'Who is asking (user or token) and its role',
      responses: {
        200: json(
          z.object({
            data: z
              .object({ kind: z.enum(['user', 'token']), id: z.string(), role: z.enum(USER_ROLES) })
              .loose(),
          }),
        ),
      },
    },
  },
  '/api/v1/budgets': {
    GET: {
      summary: 'List budgets with their current period spend and reservations',
      responses: { 200: json(z.object({ data: z.array(BudgetSchema) })) },
    },
    POST: {
      summary: 'Create a budget (admin; audited)',
      requestBody: { content: { 'application/json': { schema: CreateBudgetSchema } } },
      responses: { 201: json(z.object({ data: BudgetSchema }), 'Created') },
    },
  },
  '/api/v1/budgets/[id]': {
    PATCH: {
      summary: "Change a budget's name, limit, mode or thresholds (admin; audited)",
      requestParams: idParam,
      requestBody: { content: { 'application/json': { schema: UpdateBudgetSchema } } },
      responses: { 200: json(z.object({ data: BudgetSchema })) },
    },
    DELETE: {
      summary: 'Delete a budget (admin; audited)',
      requestParams: idParam,
      responses: {
        200: json(z.object({ data: z.object({ id: z.uuid(), deleted: z.literal(true) }) })),
      },
    },
  },
  '/api/v1/costs': {
    GET: {
      summary:
        'Ledger totals grouped by agent, UTC day, kind, capability or request over [from, to)',
      requestParams: { query: CostsQuerySchema },
      responses: {
        200: json(
          z.object({
            data: z.object({
              groupBy: z.enum(COST_GROUPS),
              from: z.string(),
              to: z.string(),
              totalMicros: z.number().int(),
              groups: z.array(CostGroupSchema),
            }),
          }),
        ),
      },
    },
  },
  '/api/v1/costs.csv': {
    GET: {
      summary: 'The ledger rows in [from, to) as CSV (streamed; default the last 30 days)',
      requestParams: { query: CostsQuerySchema },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
      },
    },
  },
  '/api/v1/prices': {
    GET: {
      summary: 'The price table: per provider and model, per 1M tokens, from an effective date',
      requestParams: { query: PageQuerySchema },
      responses: { 200: json(page(PriceSchema)) },
    },
    POST: {
      summary: 'Add a model price (admin; audited)',
      requestBody: { content: { 'application/json': { schema: CreatePriceSchema } } },
      responses: { 201: json(z.object({ data: PriceSchema }), 'Created') },
    },
  },
  '/api/v1/prices/[id]': {
    PATCH: {
      summary: 'Change a model price (admin; audited)',
      requestParams: idParam,
      requestBody: { content: { 'application/json': { schema: UpdatePriceSchema } } },
      responses: { 200: json(z.object({ data: PriceSchema })) },
    },
    DELETE: {
      summary: 'Delete a model price (admin; audited)',
      requestParams: idParam,
      responses: {
        200: json(z.object({ data: z.object({ id: z.uuid(), deleted: z.literal(true) }) })),
      },
    },
  },
  '/api/v1/tokens': {
    GET: {
      summary: 'List API tokens (never their values)',
      requestParams: { query: PageQuerySchema },
      responses: { 200: json(page(TokenSchema)) },
    },
    POST: {
      summary: 'Create an API token; its value is in this response only',
      requestBody: { content: { 'application/json': { schema: CreateApiTokenSchema } } },
      responses: {
        201: json(z.object({ data: TokenSchema.extend({ token: z.string() }) }), 'Created'),
      },
    },
  },
  '/api/v1/tokens/[id]': {
    DELETE: {
      summary: 'Revoke an API token',
      requestParams: idParam,
      responses: {
        200: json(z.object({ data: z.object({ id: z.uuid(), revoked: z.literal(true) }) })),
      },
    },
  },
  '/api/v1/agents': {
    GET: {
      summary: 'List agents with filters',
      requestParams: { query: ListAgentsQuerySchema },
      responses: { 200: json(page(AgentSummarySchema)) },
    },
    POST: {
      summary:
        'Register an agent (A2A: the card is read and its skills imported; MCP: the server’s tools are listed and imported)',
      requestBody: { content: { 'application/json': { schema: RegisterAgentSchema } } },
      responses: {
        201: json(
          z.object({ data: z.object({ id: z.uuid(), capabilities: z.number().int() }) }),
          'Registered',
        ),
      },
    },
  },
  '/api/v1/agents/[id]': {
    GET: {
      summary: 'One agent',
      requestParams: idParam,
      responses: { 200: json(z.object({ data: AgentDetailSchema })) },
    },
    PATCH: {
      summary: 'Edit an agent (`secret: null` removes the secret)',
      requestParams: idParam,
      requestBody: { content: { 'application/json': { schema: UpdateAgentSchema } } },
      responses: { 200: json(z.object({ data: AgentDetailSchema })) },
    },
    DELETE: {
      summary: 'Unregister an agent (history is kept; refused while tasks are in flight)',
      requestParams: idParam,
      responses: {
        200: json(z.object({ data: z.object({ id: z.uuid(), unregistered: z.literal(true) }) })),
      },
    },
  },
  '/api/v1/agents/[id]/status': {
    POST: {
      summary: 'Change an agent’s status (maintenance drains first)',
      requestParams: idParam,
      requestBody: { content: { 'application/json': { schema: ChangeAgentStatusSchema } } },
      responses: {
        200: json(
          z.object({
            data: z.object({
              from: z.enum(AGENT_STATUSES),
              to: z.enum(AGENT_STATUSES),
              draining: z.boolean(),
            }),
          }),
        ),
      },
    },
  },
  '/api/v1/agents/[id]/transitions': {
    GET: {
      summary: 'Status history, newest first',
      requestParams: { ...idParam, query: PageQuerySchema },
      responses: { 200: json(page(TransitionSchema)) },
    },
  },
  '/api/v1/agents/[id]/uptime': {
    GET: {
      summary: 'Uptime over 24h, 7d or 30d',
      requestParams: { ...idParam, query: UptimeQuerySchema },
      responses: { 200: json(z.object({ data: UptimeSchema })) },
    },
  },
  '/api/v1/capabilities': {
    GET: {
      summary: 'Capabilities with their agents, or agents by capability, tag or input type',
      requestParams: { query: CapabilityQuerySchema },
      responses: { 200: json(z.object({ data: z.array(z.record(z.string(), z.unknown())) })) },
    },
  },
  '/api/v1/requests': {
    GET: {
      summary: 'List requests with filters, newest first',
      requestParams: { query: RequestListQuerySchema },
      responses: { 200: json(page(RequestSummarySchema)) },
    },
    POST: {
      summary: 'Submit a request (text or workflow); it is planned and run in the background',
      requestParams: {
        header: z.object({
          'Idempotency-Key': z.string().optional().meta({
            description:
              'A retry with the same key (from the same caller) returns the same request with 200.',
          }),
        }),
      },
      requestBody: { content: { 'application/json': { schema: SubmitRequestSchema } } },
      responses: {
        202: json(RequestStateSchema, 'Accepted: planning started'),
        200: json(RequestStateSchema, 'Replayed: the request this Idempotency-Key created'),
      },
    },
  },
  '/api/v1/requests/[id]': {
    GET: {
      summary: 'One request: tasks, attempts, routing explanations, result and costs',
      requestParams: { path: RequestIdSchema },
      responses: {
        200: json(z.object({ data: RequestDetailSchema })),
        404: json(ErrorSchema, 'No such request'),
      },
    },
  },
  '/api/v1/requests/[id]/cancel': {
    POST: {
      summary:
        'Cancel a request: pending tasks cancelled, running calls aborted, remote A2A tasks cancelled',
      requestParams: { path: RequestIdSchema },
      requestBody: { content: { 'application/json': { schema: CancelRequestSchema } } },
      responses: { 200: json(RequestStateSchema), 409: json(ErrorSchema, 'Already finished') },
    },
  },
  '/api/v1/requests/[id]/approve': {
    POST: {
      summary: 'Approve or reject a plan waiting for approval',
      requestParams: { path: RequestIdSchema },
      requestBody: { content: { 'application/json': { schema: ApproveRequestSchema } } },
      responses: { 200: json(RequestStateSchema), 409: json(ErrorSchema, 'Not awaiting approval') },
    },
  },
  '/api/v1/requests/[id]/events': {
    GET: {
      summary: 'Server-Sent Events: the request’s event log, live (resumes after Last-Event-ID)',
      requestParams: {
        path: RequestIdSchema,
        query: z.object({
          after: z.string().optional().meta({ description: 'Send events after this id.' }),
        }),
      },
      responses: {
        200: {
          description:
            'text/event-stream; each event: `id` (event id), `event` (type, e.g. task.succeeded), `data` (JSON: id, type, taskId, payload, createdAt). Ends when the request is finished.',
          content: { 'text/event-stream': { schema: z.string() } },
        },
      },
    },
  },
  '/api/v1/activity': {
    GET: {
      summary:
        'Live activity: running requests, agents by status, spend today, agent calls per minute (last hour)',
      responses: { 200: json(z.object({ data: LiveActivitySchema })) },
    },
  },
  '/api/v1/requests/[id]/costs': {
    GET: {
      summary:
        "A request's cost from the ledger: by kind, by agent, by task (estimated vs actual, tokens)",
      requestParams: { path: RequestIdSchema },
      responses: { 200: json(z.object({ data: RequestCostsSchema })) },
    },
  },
  '/api/v1/requests/[id]/trace': {
    GET: {
      summary:
        'The execution trace: ascii (the DAG as boxes and arrows), tree (indented attempts) or json',
      requestParams: { path: RequestIdSchema, query: TraceQuerySchema },
      responses: {
        200: {
          description:
            'format=json: `{ data: RequestTrace }` (with summary=1 `{ data: RequestTraceSummary }`); ascii and tree: text/plain. With download=1 an attachment.',
          content: {
            'application/json': {
              schema: z.object({ data: z.union([RequestTraceSchema, RequestTraceSummarySchema]) }),
            },
            'text/plain': { schema: z.string() },
          },
        },
        404: json(ErrorSchema, 'No such request'),
      },
    },
  },
  '/api/v1/requests/[id]/tasks/[taskId]': {
    GET: {
      summary:
        'One task in full: input, output, error, routing explanation and every attempt (tokens, cost, remote task id)',
      requestParams: { path: TaskIdSchema },
      responses: {
        200: json(z.object({ data: TraceTaskSchema })),
        404: json(ErrorSchema, 'No such request, or no such task in it'),
      },
    },
  },
  '/api/v1/requests/[id]/tasks/[taskId]/actions': {
    POST: {
      summary: 'Cancel, retry or skip one task of a request',
      requestParams: { path: TaskIdSchema },
      requestBody: { content: { 'application/json': { schema: TaskActionSchema } } },
      responses: {
        200: json(z.object({ data: z.object({ id: z.uuid(), status: z.enum(TASK_STATUSES) }) })),
        409: json(ErrorSchema, 'Not allowed in the task’s or request’s current state'),
      },
    },
  },
  '/api/mcp': {
    POST: {
      summary:
        'Baton as an MCP server (Streamable HTTP, stateless, JSON answers): tools submit_request, get_request, cancel_request (operator), list_agents, set_agent_status (operator); resources baton://requests/{id}/result and /trace',
      requestBody: {
        content: {
          'application/json': {
            schema: z
              .object({
                jsonrpc: z.literal('2.0'),
                id: z.union([z.string(), z.number()]).optional(),
                method: z.string().meta({ example: 'tools/call' }),
                params: z.record(z.string(), z.unknown()).optional(),
              })
              .meta({
                id: 'McpMessage',
                description:
                  'A JSON-RPC message of the Model Context Protocol. Send `Accept: application/json, text/event-stream`. Each tool needs its own role; a refused call is a tool result with `isError: true` naming the role.',
              }),
          },
        },
      },
      responses: {
        200: json(
          z
            .object({ jsonrpc: z.literal('2.0'), id: z.union([z.string(), z.number()]) })
            .loose()
            .meta({ id: 'McpResponse' }),
          'The JSON-RPC answer',
        ),
        202: { description: 'A notification was accepted' },
        406: { description: 'The Accept header does not allow JSON and event streams' },
      },
    },
  },
  '/api/v1/openapi.json': {
    GET: { summary: 'This document', responses: { 200: json(z.record(z.string(), z.unknown())) } },
  },
};

/** Routes that are not JSON APIs of their own (A2A protocol endpoints are described by their cards). */
export const UNDOCUMENTED_PREFIXES = ['/api/a2a'];

export function buildOpenApiDocument(version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const [route, methods] of Object.entries(OPERATIONS)) {
    const openApiPath = route.replace(/\[(\w+)\]/g, '{$1}');
    paths[openApiPath] = {};
    for (const [method, operation] of Object.entries(methods) as [
      HttpMethod,
      ZodOpenApiOperationObject,
    ][]) {
      const access: Access | undefined = API_ACCESS[route]?.[method];
      paths[openApiPath][method.toLowerCase() as Lowercase<HttpMethod>] = {
        ...operation,
        description:
          access === 'public'
            ? 'No authentication.'
            : `Requires the **${access}** role (or higher).`,
        security: access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
        responses: {
          ...operation.responses,
          400: json(ErrorSchema, 'Invalid input: `fields` names each bad field'),
          ...(access !== 'public' && {
            401: json(ErrorSchema, 'No valid token or session'),
            403: json(ErrorSchema, 'Role too low'),
          }),
        },
      };
    }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Baton API',
      version,
      description:
        'Control plane for fleets of AI agents. Money is in micro-dollars (1 USD = 1,000,000). Errors: `{ "error": { "code", "message", "fields" } }`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token (`baton_…`), created in Settings or with `npm run baton -- token create`.',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'baton.session_token',
          description: 'The dashboard’s session cookie.',
        },
      },
    },
    paths,
  });
}

export const DOCUMENTED_ROUTES = Object.keys(OPERATIONS);
