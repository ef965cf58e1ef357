/**
 * Kind-specific agent settings (the Agent row's `config` JSON), one zod schema per kind. The same
 * schemas validate the registration form, the REST API and the row read back from the database.
 * Secrets never live here: config is stored in plain text and shown to every viewer; API keys and
 * bearer tokens go in the agent's encrypted `secret`.
 */
import { z } from 'zod';
import type { AgentKind } from '@/lib/engine';
import { validateAgentUrl } from './url';

/** Names of the builtin agents (lib/agents/builtin/catalog.ts; a unit test keeps them in step). */
export const BUILTIN_AGENT_NAMES = [
  'calculator',
  'text-tools',
  'json-formatter',
  'synthesizer',
] as const;
export type BuiltinAgentName = (typeof BUILTIN_AGENT_NAMES)[number];

/** HTTP header names (RFC 9110 token characters). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Headers that carry credentials belong in the secret, not in readable config. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

const HeadersSchema = z
  .record(
    z.string().regex(HEADER_NAME, 'Header names may only contain letters, digits and - _ . etc.'),
    z
      .string()
      .max(2000, 'Header values are at most 2000 characters.')
      // CR/LF would let a value inject further headers.
      .regex(/^[^\r\n]*$/, 'Header values cannot contain line breaks.'),
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'At most 20 headers.' });
    for (const name of names) {
      if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `Put credentials in the agent's secret (sent as "Authorization: Bearer"), not in the "${name}" header: headers are stored in plain text.`,
        });
      }
    }
  });

const AgentUrlSchema = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const result = validateAgentUrl(text);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
  });

export const A2A_STREAMING_MODES = ['auto', 'off'] as const;

export const A2AConfigSchema = z.object({
  /** Health checks also send a short message and require a reply (not only read the card). */
  canary: z.boolean().optional(),
  /**
   * How tasks are sent: `auto` (default) streams (SendStreamingMessage) when the card announces
   * streaming; `off` always sends SendMessage and polls GetTask — for agents whose streaming is
   * broken or behind a proxy that buffers server-sent events.
   */
  streaming: z.enum(A2A_STREAMING_MODES).optional(),
  /** Extra, non-secret HTTP headers sent with every request to the agent. */
  headers: HeadersSchema.optional(),
  /**
   * Origins other than the registered URL's that the card may send messages to with the agent's
   * secret (ADR 0050): an operator's approval, e.g. `https://rpc.agent.example`.
   */
  approvedOrigins: z
    .array(
      AgentUrlSchema.transform((text) => new URL(text).origin),
      { error: 'approvedOrigins must be a list of URLs.' },
    )
    .max(10, 'At most 10 approved origins.')
    .optional(),
});

export const OPENAI_PROBES = ['models', 'completion'] as const;

export const OpenAIConfigSchema = z.object({
  model: z.string().trim().min(1, 'Enter the model name.').max(200),
  systemPrompt: z
    .string()
    .max(20_000, 'The system prompt is at most 20,000 characters.')
    .optional(),
  /**
   * How health checks probe the endpoint: `models` (default) lists models — free, and confirms the
   * model is served; `completion` asks for one token — costs a token, proves generation works.
   */
  probe: z.enum(OPENAI_PROBES).optional(),
});

export const WebhookConfigSchema = z.object({
  /** Health checks GET this URL (default: the endpoint URL) and expect a 2xx answer. */
  healthUrl: AgentUrlSchema.optional(),
  headers: HeadersSchema.optional(),
});

export const McpConfigSchema = z.object({
  /** Extra, non-secret HTTP headers sent with every request to the MCP server. */
  headers: HeadersSchema.optional(),
});

export const BuiltinConfigSchema = z.object({
  builtin: z.enum(BUILTIN_AGENT_NAMES, {
    error: `Choose one of: ${BUILTIN_AGENT_NAMES.join(', ')}.`,
  }),
});

export const AGENT_CONFIG_SCHEMAS = {
  a2a: A2AConfigSchema,
  openai: OpenAIConfigSchema,
  webhook: WebhookConfigSchema,
  builtin: BuiltinConfigSchema,
  mcp: McpConfigSchema,
} as const satisfies Record<AgentKind, z.ZodType>;

export type A2AConfig = z.infer<typeof A2AConfigSchema>;
export type OpenAIConfig = z.infer<typeof OpenAIConfigSchema>;
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
export type BuiltinConfig = z.infer<typeof BuiltinConfigSchema>;
export type McpConfig = z.infer<typeof McpConfigSchema>;

export interface AgentConfigByKind {
  a2a: A2AConfig;
  openai: OpenAIConfig;
  webhook: WebhookConfig;
  builtin: BuiltinConfig;
  mcp: McpConfig;
}

/** Parses an agent's config for its kind; throws a ZodError (→ VALIDATION_FAILED) when invalid. */
export function parseAgentConfig<K extends AgentKind>(kind: K, raw: unknown): AgentConfigByKind[K] {
  return AGENT_CONFIG_SCHEMAS[kind].parse(raw ?? {}) as AgentConfigByKind[K];
}
