/**
 * Optional embeddings for the `semantic` strategy (Settings → Routing): an OpenAI-compatible
 * endpoint's `/embeddings` (the official SDK) embeds the task text and each candidate's capability
 * texts; an agent's relevance is the best cosine similarity among its capabilities. Capability
 * embeddings are cached per process (they change only when an agent's capabilities do), so a routing
 * decision costs one embeddings call for the task text — never a chat completion. Without the setting,
 * or when the endpoint fails, semantic routing uses BM25 (lib/engine/routing/bm25.ts).
 */
import type { AgentTarget } from '@/lib/agents/types';
import { cosineSimilarity, estimateCallCost, type CapabilityText } from '@/lib/engine';
import { logger } from '@/lib/logger';
import { toAgentTarget } from '../agent-target';
import type { ExecutionDeps } from './deps';

/** Settings key: `{ "agentId": "<openai-kind agent>", "model": "text-embedding-3-small" }`. */
export const EMBEDDINGS_SETTING_KEY = 'embeddings';
const EMBEDDINGS_TIMEOUT_MS = 10_000;
const CACHE_LIMIT = 5_000;

const globalForEmbeddings = globalThis as typeof globalThis & {
  batonEmbeddingCache?: Map<string, number[]>;
};
const cache = (globalForEmbeddings.batonEmbeddingCache ??= new Map());

export function capabilityText(capability: CapabilityText): string {
  return [capability.name, capability.description, ...capability.tags, ...capability.examples]
    .filter(Boolean)
    .join(' ');
}

export interface SemanticScores {
  /** Relevance per agent id. */
  byAgent: Map<string, number>;
  /** Which endpoint and model produced them (stored with the routing explanation). */
  source: string;
  /**
   * What the embeddings call cost, at the embeddings agent's own prices: recorded in the ledger as
   * a `routing` cost of the request (issue 9). Tokens are the endpoint's reported usage.
   */
  charge: { agentId: string; tokensIn: number; costMicros: bigint };
}

/**
 * Scores the candidates by embeddings, or null when embeddings are not configured or failed (the
 * caller then ranks with BM25).
 */
export async function embeddingScores(
  deps: Pick<ExecutionDeps, 'db'>,
  taskText: string,
  candidates: readonly { id: string; capabilities: readonly CapabilityText[] }[],
): Promise<SemanticScores | null> {
  const setting = await deps.db.setting.findUnique({ where: { key: EMBEDDINGS_SETTING_KEY } });
  const value = setting?.value as { agentId?: unknown; model?: unknown } | null;
  if (typeof value?.agentId !== 'string' || typeof value.model !== 'string' || !value.model) {
    return null;
  }
  const agent = await deps.db.agent.findFirst({
    where: { id: value.agentId, kind: 'openai', deletedAt: null },
  });
  if (!agent?.endpointUrl) return null;
  const model = value.model;
  try {
    const target = toAgentTarget(agent) as AgentTarget<'openai'>;
    // Loaded on first use: the OpenAI SDK is most of a worker's start-up CPU (lib/server/adapters.ts).
    const { createOpenAIClient } = await import('@/lib/agents/openai');
    const client = createOpenAIClient(agent.endpointUrl, target.secret, {
      timeoutMs: EMBEDDINGS_TIMEOUT_MS,
    });
    const texts = candidates.flatMap((c) => c.capabilities.map(capabilityText));
    const missing = [...new Set(texts.filter((text) => !cache.has(`${model}\n${text}`)))];
    const input = [taskText, ...missing];
    const response = await client.embeddings.create({ model, input });
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    if (vectors.length !== input.length || vectors.some((v) => !Array.isArray(v))) {
      throw new Error(
        `the endpoint returned ${vectors.length} embeddings for ${input.length} texts`,
      );
    }
    missing.forEach((text, i) => remember(`${model}\n${text}`, vectors[i + 1]!));
    const query = vectors[0]!;
    const byAgent = new Map<string, number>();
    for (const candidate of candidates) {
      const scores = candidate.capabilities.map((capability) =>
        cosineSimilarity(query, cache.get(`${model}\n${capabilityText(capability)}`) ?? []),
      );
      byAgent.set(candidate.id, Math.max(0, ...scores));
    }
    const reported = response.usage?.prompt_tokens;
    const tokensIn = Number.isSafeInteger(reported) && reported! >= 0 ? reported! : 0;
    // The agent's model price from the price table when it references one (as for its calls).
    const modelPrice =
      agent.priceProvider && agent.priceModel
        ? await deps.db.modelPrice.findFirst({
            where: {
              provider: agent.priceProvider,
              model: agent.priceModel,
              effectiveFrom: { lte: new Date() },
            },
            orderBy: { effectiveFrom: 'desc' },
          })
        : null;
    return {
      byAgent,
      source: `embeddings (${agent.name}, ${model})`,
      charge: {
        agentId: agent.id,
        tokensIn,
        costMicros: estimateCallCost(
          {
            priceInputPerMTok: modelPrice?.inputPerMTok ?? agent.priceInputPerMTok,
            priceOutputPerMTok: modelPrice?.outputPerMTok ?? agent.priceOutputPerMTok,
            pricePerCall: agent.pricePerCall,
          },
          { inputTokens: tokensIn, outputTokens: 0 },
        ),
      },
    };
  } catch (error) {
    logger.warn(
      { err: error, agent: agent.name },
      'embeddings failed; semantic routing uses BM25 for this decision',
    );
    return null;
  }
}

function remember(key: string, vector: number[]): void {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, vector);
}
