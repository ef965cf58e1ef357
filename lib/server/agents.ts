/**
 * Agent registration and editing: turns a validated payload into what the repository stores —
 * capabilities from the A2A card or the builtin catalog, display fields from the card, money as
 * bigint micro-dollars — and records who did it.
 */
import { AgentCardError, fetchAgentCard } from '@/lib/agents/a2a';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import { AGENT_CONFIG_SCHEMAS } from '@/lib/agents/config';
import type { ImportedCard } from '@/lib/agents/types';
import { decryptSecret } from '@/lib/crypto/secrets';
import type { PrismaClient } from '@/lib/db/prisma';
import {
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

export async function registerAgent(
  db: PrismaClient,
  payload: RegisterAgentPayload,
  by: Attribution,
): Promise<{ id: string; capabilities: number }> {
  let card: ImportedCard | null = null;
  let capabilities: CapabilityInput[] = payload.capabilities ?? [];
  let defaults = { displayName: payload.name, description: '', version: '' };

  switch (payload.kind) {
    case 'a2a': {
      card = await previewAgentCard(payload.endpointUrl, {
        secret: payload.secret,
        headers: payload.config.headers,
      });
      if (!payload.capabilities?.length) capabilities = card.capabilities;
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
  // A moved A2A agent is re-read: its card (and so its skills) may differ at the new address.
  let card: ImportedCard | null = null;
  if (existing.kind === 'a2a' && rest.endpointUrl && rest.endpointUrl !== existing.endpointUrl) {
    // The card request authenticates like the agent will: a newly given secret, else the stored one.
    const secret =
      rest.secret === undefined && existing.secretCiphertext
        ? decryptSecret(existing.secretCiphertext, `agent:${id}`)
        : rest.secret;
    card = await previewAgentCard(rest.endpointUrl, { secret });
  }
  await updateAgent(
    db,
    id,
    {
      ...rest,
      ...(card && {
        capabilities: rest.capabilities ?? card.capabilities,
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
