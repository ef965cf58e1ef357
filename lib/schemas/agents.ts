/**
 * Agent payloads: one schema per operation, shared by the register/edit forms, the server actions,
 * the REST API and the OpenAPI document. Messages name the problem in the operator's terms.
 */
import { z } from 'zod';
import {
  A2AConfigSchema,
  BuiltinConfigSchema,
  McpConfigSchema,
  OpenAIConfigSchema,
  WebhookConfigSchema,
} from '@/lib/agents/config';
import { CAPABILITY_NAME_PATTERN } from '@/lib/agents/card';
import { validateAgentUrl } from '@/lib/agents/url';
import { AGENT_KINDS, AGENT_STATUSES } from '@/lib/engine';
import { PageQuerySchema } from './common';

export const AgentNameSchema = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(2, 'Use at least 2 characters.')
  .max(63, 'Use at most 63 characters.')
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/,
    'Use lower-case letters, digits and dashes, starting and ending with a letter or digit (e.g. "invoice-parser").',
  )
  .meta({ description: 'Unique slug.', example: 'invoice-parser' });

export const EndpointUrlSchema = z
  .string({ error: 'Enter the agent’s URL.' })
  .trim()
  .min(1, 'Enter the agent’s URL.')
  .superRefine((text, ctx) => {
    const result = validateAgentUrl(text);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
  })
  .meta({ description: 'Base URL (http or https).', example: 'http://localhost:11434/v1' });

/** Micro-dollars (1 USD = 1,000,000) as a JSON integer. */
const MicrosSchema = z
  .number({ error: 'Enter an amount in micro-dollars (an integer).' })
  .int('Micro-dollar amounts are whole numbers.')
  .min(0, 'Prices cannot be negative.')
  .max(1e15, 'That price is too large.');

export const CapabilitySchema = z.object({
  name: z
    .string({ error: 'Enter the capability name.' })
    .trim()
    .regex(
      CAPABILITY_NAME_PATTERN,
      'Capability names are identifiers like "summarize" or "text.translate" (letters, digits, _ . : / -).',
    ),
  description: z.string().trim().max(2000).default(''),
  inputTypes: z.array(z.string().trim().min(1).max(100)).max(20).default(['text/plain']),
  outputTypes: z.array(z.string().trim().min(1).max(100)).max(20).default(['text/plain']),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
  examples: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
});
export type CapabilityPayload = z.infer<typeof CapabilitySchema>;

const PriceRefSchema = z
  .string()
  .trim()
  .min(1, 'Choose a provider and model from the price table.')
  .max(200, 'Use at most 200 characters.');

/** A model price reference names both its provider and its model, or neither. */
function checkPriceRef(
  value: { priceProvider?: string | null; priceModel?: string | null },
  ctx: z.RefinementCtx,
) {
  if (Boolean(value.priceProvider) !== Boolean(value.priceModel)) {
    ctx.addIssue({
      code: 'custom',
      path: [value.priceProvider ? 'priceModel' : 'priceProvider'],
      message: 'Give both the price provider and the price model, or neither.',
    });
  }
}

const CommonFields = {
  name: AgentNameSchema,
  displayName: z
    .string()
    .trim()
    .min(1, 'Enter a display name.')
    .max(200, 'Use at most 200 characters.')
    .optional(),
  description: z.string().trim().max(2000, 'Use at most 2,000 characters.').optional(),
  version: z.string().trim().max(50).optional(),
  maxConcurrentTasks: z
    .number()
    .int()
    .min(1, 'Allow at least 1 concurrent task.')
    .max(10_000)
    .default(4),
  weight: z.number().int().min(0, 'Weights cannot be negative.').max(1_000_000).default(100),
  priceInputPerMTokMicros: MicrosSchema.default(0),
  priceOutputPerMTokMicros: MicrosSchema.default(0),
  pricePerCallMicros: MicrosSchema.default(0),
  /** A model price from the price table (Settings → Pricing); both or neither. */
  priceProvider: PriceRefSchema.nullable().optional().meta({
    description:
      'Provider of a model price in the price table (Settings → Pricing); give it with priceModel, or neither. null clears.',
    example: 'acme',
  }),
  priceModel: PriceRefSchema.nullable().optional().meta({
    description:
      'Model of a price-table row; the pair must exist there. When set, its token prices apply instead of the agent’s own.',
    example: 'gpt-x',
  }),
  healthCheckIntervalS: z
    .number()
    .int()
    .min(5, 'Check at most every 5 seconds.')
    .max(86_400, 'Check at least once a day.')
    .default(60),
  autoRecover: z.boolean().default(false),
  /** API key / bearer token. Write-only: never returned. */
  secret: z.string().max(4096, 'Secrets are at most 4,096 characters.').optional(),
  capabilities: z.array(CapabilitySchema).max(200, 'At most 200 capabilities.').optional(),
};

export const RegisterAgentSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.object({
        kind: z.literal('a2a'),
        endpointUrl: EndpointUrlSchema,
        config: A2AConfigSchema.default({}),
        ...CommonFields,
      }),
      z.object({
        kind: z.literal('openai'),
        endpointUrl: EndpointUrlSchema,
        config: OpenAIConfigSchema,
        ...CommonFields,
      }),
      z.object({
        kind: z.literal('webhook'),
        endpointUrl: EndpointUrlSchema,
        config: WebhookConfigSchema.default({}),
        ...CommonFields,
      }),
      z.object({
        kind: z.literal('mcp'),
        endpointUrl: EndpointUrlSchema.meta({
          description: 'The MCP endpoint (Streamable HTTP), e.g. https://tools.example.com/mcp.',
          example: 'https://tools.example.com/mcp',
        }),
        config: McpConfigSchema.default({}),
        ...CommonFields,
      }),
      z.object({ kind: z.literal('builtin'), config: BuiltinConfigSchema, ...CommonFields }),
    ],
    { error: `Choose the agent kind: ${AGENT_KINDS.join(', ')}.` },
  )
  .superRefine((value, ctx) => {
    checkPriceRef(value, ctx);
    // A2A agents bring their skills on the card, MCP servers their tools, builtins the catalog's.
    if ((value.kind === 'openai' || value.kind === 'webhook') && !value.capabilities?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['capabilities'],
        message: 'Add at least one capability, so Baton knows what to route to this agent.',
      });
    }
    // An MCP server's capabilities are its tools, read from the server (ADR 0017).
    if (value.kind === 'mcp' && value.capabilities?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['capabilities'],
        message:
          'Leave capabilities out for an MCP server: its tools are read from the server and become its capabilities.',
      });
    }
  })
  .meta({ id: 'RegisterAgent' });
export type RegisterAgentPayload = z.infer<typeof RegisterAgentSchema>;

/** Edit: any subset of fields; `secret: null` removes the secret. The kind cannot change. */
export const UpdateAgentSchema = z
  .object({
    ...CommonFields,
    name: AgentNameSchema.optional(),
    endpointUrl: EndpointUrlSchema.optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    secret: z.string().max(4096).nullable().optional(),
    maxConcurrentTasks: CommonFields.maxConcurrentTasks.removeDefault().optional(),
    weight: CommonFields.weight.removeDefault().optional(),
    priceInputPerMTokMicros: MicrosSchema.optional(),
    priceOutputPerMTokMicros: MicrosSchema.optional(),
    pricePerCallMicros: MicrosSchema.optional(),
    healthCheckIntervalS: CommonFields.healthCheckIntervalS.removeDefault().optional(),
    autoRecover: z.boolean().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    // In an edit the pair travels together: both names, or both null to clear the reference.
    if ((value.priceProvider === undefined) !== (value.priceModel === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [value.priceProvider === undefined ? 'priceProvider' : 'priceModel'],
        message: 'Give both the price provider and the price model, or neither.',
      });
      return;
    }
    checkPriceRef(value, ctx);
  })
  .meta({ id: 'UpdateAgent' });
export type UpdateAgentPayload = z.infer<typeof UpdateAgentSchema>;

export const ChangeAgentStatusSchema = z
  .object({
    status: z.enum(AGENT_STATUSES, {
      error: `Status must be one of ${AGENT_STATUSES.join(', ')}.`,
    }),
    reason: z
      .string({ error: 'Give a reason.' })
      .trim()
      .min(1, 'Give a reason, so the history says why.')
      .max(500, 'Use at most 500 characters.'),
  })
  .meta({ id: 'ChangeAgentStatus' });

export const ListAgentsQuerySchema = PageQuerySchema.extend({
  status: z.enum(AGENT_STATUSES).optional(),
  kind: z.enum(AGENT_KINDS).optional(),
  capability: z.string().trim().max(128).optional(),
  search: z.string().trim().max(200).optional(),
});

export const UptimeQuerySchema = z.object({
  window: z.enum(['24h', '7d', '30d'], { error: 'window must be 24h, 7d or 30d.' }).default('24h'),
});

export const CapabilityQuerySchema = z.object({
  capability: z.string().trim().max(128).optional(),
  tag: z.string().trim().max(50).optional(),
  inputType: z.string().trim().max(100).optional(),
});

export const AgentIdSchema = z.object({ id: z.uuid('The agent id must be a UUID.') });
