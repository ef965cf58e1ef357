/**
 * Agent registration and editing: turns a validated payload into what the repository stores —
 * capabilities from the A2A card, the MCP server's tool list or the builtin catalog, display fields from the card, money as
 * bigint micro-dollars — and records who did it.
 */
import { AgentCardError, fetchAgentCard } from '@/lib/agents/a2a';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import { AGENT_CONFIG_SCHEMAS } from '@/lib/agents/config';
import { listMcpTools, McpServerError } from '@/lib/agents/mcp';
import { toolsToCapabilities } from '@/lib/agents/mcp-tools';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ImportedCapability, ImportedCard } from '@/lib/agents/types';
import { decryptSecret } from '@/lib/crypto/secrets';
import type { PrismaClient } from '@/lib/db/prisma';
import {
  acknowledgeCardDrift,
  createAgent,
  updateAgent,
  type AgentInput,
  type Attribution,
  type CapabilityInput,
} from '@/lib/db/repositories/agent-mutations';
import { AppError } from '@/lib/errors';
import type { RegisterAgentPayload, UpdateAgentPayload } from '@/lib/schemas/agents';

/** How long registration waits for an agent card. */
export const CARD_TIMEOUT_MS = 10_000;

/** Reads an A2A agent's card for the register form's preview, mapping failures to a field error. */
export async function previewAgentCard(
  url: string,
  options: { secret?: string | null; headers?: Record<string, string> } = {},
): Promise<ImportedCard> {
  try {
    return await fetchAgentCard(url, {
      signal: AbortSignal.timeout(CARD_TIMEOUT_MS),
      headers: {
        ...options.headers,
        ...(options.secret && { Authorization: `Bearer ${options.secret}` }),
      },
    });
  } catch (error) {
    if (error instanceof AgentCardError) {
      throw new AppError('VALIDATION_FAILED', error.message, {
        fields: { endpointUrl: error.message },
      });
    }
    throw error;
  }
}

/**
 * Lists an MCP server's tools (registration, the register form's preview, an edit that moves the
 * server), mapping failures to a field error on the URL.
 */
export async function previewMcpTools(
  url: string,
  options: { secret?: string | null; headers?: Record<string, string> } = {},
): Promise<ImportedCard> {
  try {
    return await listMcpTools(
      {
        id: 'preview',
        name: 'preview',
        kind: 'mcp',
        endpointUrl: url,
        config: options.headers ? { headers: options.headers } : {},
        secret: options.secret ?? null,
      },
      { timeoutMs: CARD_TIMEOUT_MS },
    );
  } catch (error) {
    if (error instanceof McpServerError) {
      throw new AppError('VALIDATION_FAILED', error.message, {
        fields: { endpointUrl: error.message },
      });
    }
    throw error;
  }
}

/** Imported capabilities as the repository stores them (an MCP tool keeps its input schema). */
export function capabilityInputs(capabilities: readonly ImportedCapability[]): CapabilityInput[] {
  return capabilities.map(({ inputSchema, ...rest }) => ({
    ...rest,
    ...(inputSchema && { inputSchema: inputSchema as CapabilityInput['inputSchema'] }),
  }));
}

/**
 * A model price reference must name a row of the price table; a field error naming `priceModel`
 * otherwise (checked before anything is written).
 */
async function assertModelPriceExists(
  db: PrismaClient,
  provider: string | null | undefined,
  model: string | null | undefined,
) {
  if (!provider || !model) return;
  const row = await db.modelPrice.findFirst({ where: { provider, model }, select: { id: true } });
  if (!row) {
    throw new AppError('VALIDATION_FAILED', 'No such model price.', {
      fields: {
        priceModel: `The price table has no model "${provider}/${model}": add it under Settings → Pricing first.`,
      },
    });
  }
}

export async function registerAgent(
  db: PrismaClient,
  payload: RegisterAgentPayload,
  by: Attribution,
): Promise<{ id: string; capabilities: number }> {
  await assertModelPriceExists(db, payload.priceProvider, payload.priceModel);
  let card: ImportedCard | null = null;
  let capabilities: CapabilityInput[] = payload.capabilities ?? [];
  let defaults = { displayName: payload.name, description: '', version: '' };

  switch (payload.kind) {
    case 'a2a': {
      card = await previewAgentCard(payload.endpointUrl, {
        secret: payload.secret,
        headers: payload.config.headers,
      });
      if (!payload.capabilities?.length) capabilities = capabilityInputs(card.capabilities);
      defaults = {
        displayName: card.name || payload.name,
        description: card.description,
        version: card.version,
      };
      break;
    }
    case 'mcp': {
      card = await previewMcpTools(payload.endpointUrl, {
        secret: payload.secret,
        headers: payload.config.headers,
      });
      // An MCP server's capabilities are its tools: always imported, never typed in (ADR 0017).
      capabilities = capabilityInputs(card.capabilities);
      if (capabilities.length === 0) {
        throw new AppError('VALIDATION_FAILED', 'The MCP server lists no tools.', {
          fields: {
            endpointUrl: 'The MCP server lists no tools: Baton would have nothing to route to it.',
          },
        });
      }
      defaults = {
        displayName: card.name || payload.name,
        description: card.description,
        version: card.version,
      };
      break;
    }
    case 'builtin': {
      const definition = BUILTIN_AGENTS.find((agent) => agent.name === payload.config.builtin)!;
      if (!payload.capabilities?.length)
        capabilities = definition.capabilities.map((c) => ({ ...c }));
      defaults = {
        displayName: definition.displayName,
        description: definition.description,
        version: '1.0.0',
      };
      break;
    }
    case 'openai':
    case 'webhook':
      break;
    default:
      payload satisfies never;
  }
  if (capabilities.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'The agent offers no capability.', {
      fields: {
        capabilities: 'Add at least one capability, so Baton knows what to route to this agent.',
      },
    });
  }

  const input: AgentInput & { secret?: string | null } = {
    name: payload.name,
    displayName: payload.displayName ?? defaults.displayName,
    description: payload.description ?? defaults.description,
    version: payload.version ?? defaults.version,
    kind: payload.kind,
    endpointUrl: payload.kind === 'builtin' ? null : payload.endpointUrl,
    config: payload.config,
    maxConcurrentTasks: payload.maxConcurrentTasks,
    weight: payload.weight,
    priceInputPerMTok: BigInt(payload.priceInputPerMTokMicros),
    priceOutputPerMTok: BigInt(payload.priceOutputPerMTokMicros),
    pricePerCall: BigInt(payload.pricePerCallMicros),
    priceProvider: payload.priceProvider || null,
    priceModel: payload.priceModel || null,
    healthCheckIntervalS: payload.healthCheckIntervalS,
    autoRecover: payload.autoRecover,
    capabilities,
    secret: payload.secret || null,
    card: card ? (card.raw as AgentInput['card']) : null,
    cardHash: card?.hash ?? null,
  };
  const { id } = await createAgent(db, input, by);
  return { id, capabilities: capabilities.length };
}

export async function editAgent(
  db: PrismaClient,
  id: string,
  payload: UpdateAgentPayload,
  by: Attribution,
): Promise<void> {
  const { priceInputPerMTokMicros, priceOutputPerMTokMicros, pricePerCallMicros, config, ...rest } =
    payload;
  const existing = await db.agent.findFirst({
    where: { id, deletedAt: null },
    select: { kind: true, endpointUrl: true, config: true, secretCiphertext: true },
  });
  if (!existing) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
  await assertModelPriceExists(db, rest.priceProvider, rest.priceModel);

  let parsedConfig: AgentInput['config'] | undefined;
  if (config) {
    const result = AGENT_CONFIG_SCHEMAS[existing.kind].safeParse(config);
    if (!result.success) {
      throw new AppError('VALIDATION_FAILED', 'The configuration is invalid.', {
        fields: Object.fromEntries(
          result.error.issues.map((i) => [`config.${i.path.join('.')}`, i.message]),
        ),
      });
    }
    parsedConfig = result.data as AgentInput['config'];
  }
  // A moved A2A agent or MCP server is re-read: its skills or tools may differ at the new address.
  let card: ImportedCard | null = null;
  const moved = Boolean(rest.endpointUrl && rest.endpointUrl !== existing.endpointUrl);
  if (existing.kind === 'mcp' && rest.capabilities) {
    throw new AppError('VALIDATION_FAILED', 'An MCP server’s capabilities are its tools.', {
      fields: {
        capabilities:
          'An MCP server’s capabilities are its tools: they are read from the server, not edited.',
      },
    });
  }
  if ((existing.kind === 'a2a' || existing.kind === 'mcp') && moved && rest.endpointUrl) {
    // The card request authenticates like the agent will: a newly given secret, else the stored one.
    const secret =
      rest.secret === undefined && existing.secretCiphertext
        ? decryptSecret(existing.secretCiphertext, `agent:${id}`)
        : rest.secret;
    const headers = AGENT_CONFIG_SCHEMAS.mcp.safeParse(parsedConfig ?? existing.config).data
      ?.headers;
    card =
      existing.kind === 'a2a'
        ? await previewAgentCard(rest.endpointUrl, { secret })
        : await previewMcpTools(rest.endpointUrl, { secret, ...(headers && { headers }) });
  }
  await updateAgent(
    db,
    id,
    {
      ...rest,
      ...(card && {
        capabilities: rest.capabilities ?? capabilityInputs(card.capabilities),
        card: card.raw as AgentInput['card'],
        cardHash: card.hash,
      }),
      ...(parsedConfig && { config: parsedConfig }),
      ...(priceInputPerMTokMicros !== undefined && {
        priceInputPerMTok: BigInt(priceInputPerMTokMicros),
      }),
      ...(priceOutputPerMTokMicros !== undefined && {
        priceOutputPerMTok: BigInt(priceOutputPerMTokMicros),
      }),
      ...(pricePerCallMicros !== undefined && { pricePerCall: BigInt(pricePerCallMicros) }),
    },
    by,
  );
}

/**
 * Clears a drift badge. For an MCP server the tools as last listed (stored by the health check that
 * saw the change) become its capabilities: tools added are routable from now on, tools removed no
 * longer are. An A2A agent keeps its capabilities (an operator edits them).
 */
export async function acknowledgeDrift(db: PrismaClient, id: string, by: Attribution) {
  const agent = await db.agent.findFirst({
    where: { id, deletedAt: null },
    select: { kind: true, card: true },
  });
  if (!agent) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
  const tools = (agent.card as { tools?: unknown } | null)?.tools;
  const capabilities =
    agent.kind === 'mcp' && Array.isArray(tools)
      ? capabilityInputs(toolsToCapabilities(tools as Tool[]).map((tool) => tool.capability))
      : undefined;
  await acknowledgeCardDrift(db, id, by, capabilities);
}
