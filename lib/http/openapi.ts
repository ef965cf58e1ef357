/**
 * The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas that validate requests
 * (zod-openapi), so the reference cannot drift from the code. Served at /api/v1/openapi.json.
 * A unit test checks that every route in the access matrix is documented here.
 */
import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import { AGENT_KINDS, AGENT_STATUSES, CIRCUIT_STATES, USER_ROLES } from '@/lib/engine';
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
    capabilities: z.array(CapabilitySchema),
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

const json = (schema: z.ZodType, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const idParam = { path: AgentIdSchema };

/** Operation per route and method; `summary` and schemas. Security and errors are added below. */
const OPERATIONS: Record<string, Partial<Record<HttpMethod, ZodOpenApiOperationObject>>> = {
  '/api/v1/health': {
    GET: {
      summary: 'Liveness and readiness: database and migrations',
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
      summary: 'Register an agent (A2A: the card is read and its skills imported)',
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
  '/api/v1/openapi.json': {
    GET: { summary: 'This document', responses: { 200: json(z.record(z.string(), z.unknown())) } },
  },
};

/** Routes that are not JSON APIs of their own (A2A protocol endpoints are described by their cards). */
export const UNDOCUMENTED_PREFIXES = ['/api/a2a/'];

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
