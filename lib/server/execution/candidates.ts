/**
 * Loads the routing candidates for one task in one statement: live agents offering the capability
 * (or, for fan-out and consensus with a tag, a capability carrying the tag), with their metrics,
 * breaker and every capability text (semantic routing ranks over it). Also the fields an adapter
 * needs, so the chosen agent needs no second query.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import { breakerOf } from '@/lib/db/repositories/agent-calls';
import type { AgentKind, AgentStatus, Candidate, CircuitState } from '@/lib/engine';
import type { AgentRowForTarget } from '../agent-target';
import type { SqlTx } from '@/lib/db/sql';

export interface LoadedCandidate {
  candidate: Candidate;
  row: AgentRowForTarget;
}

interface Row {
  id: string;
  name: string;
  kind: AgentKind;
  endpoint_url: string | null;
  config: unknown;
  secret_ciphertext: string | null;
  status: AgentStatus;
  in_flight: number;
  max_concurrent_tasks: number;
  weight: number;
  ewma_latency_ms: number | null;
  success_rate: number | null;
  price_input_per_mtok_micros: bigint;
  price_output_per_mtok_micros: bigint;
  price_per_call_micros: bigint;
  circuit_state: CircuitState;
  circuit_failures: number;
  circuit_opened_at: Date | null;
  circuit_trial_at: Date | null;
  capabilities: { name: string; description: string; tags: string[]; examples: string[] }[];
}

export async function loadCandidates(
  tx: SqlTx,
  capability: string,
  tag?: string | null,
): Promise<LoadedCandidate[]> {
  const match = tag
    ? Prisma.sql`(c.name = ${capability} OR c.tags @> ARRAY[${tag}]::text[])`
    : Prisma.sql`c.name = ${capability}`;
  const rows = await tx.$queryRaw<Row[]>`
    SELECT a.id, a.name, a.kind, a.endpoint_url, a.config, a.secret_ciphertext, a.status,
           a.in_flight, a.max_concurrent_tasks, a.weight, a.ewma_latency_ms, a.success_rate,
           COALESCE(p.input_per_mtok_micros, a.price_input_per_mtok_micros) AS price_input_per_mtok_micros,
           COALESCE(p.output_per_mtok_micros, a.price_output_per_mtok_micros) AS price_output_per_mtok_micros,
           a.price_per_call_micros,
           a.circuit_state, a.circuit_failures, a.circuit_opened_at, a.circuit_trial_at,
           (SELECT json_agg(json_build_object('name', c2.name, 'description', c2.description,
                                              'tags', c2.tags, 'examples', c2.examples))
              FROM capabilities c2 WHERE c2.agent_id = a.id) AS capabilities
    FROM agents a
    -- An agent that names a price-table model takes its token prices from the row in effect now.
    LEFT JOIN LATERAL (
      SELECT mp.input_per_mtok_micros, mp.output_per_mtok_micros FROM model_prices mp
      WHERE a.price_model IS NOT NULL AND mp.provider = a.price_provider AND mp.model = a.price_model
        AND mp.effective_from <= now()
      ORDER BY mp.effective_from DESC LIMIT 1
    ) p ON true
    WHERE a.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM capabilities c WHERE c.agent_id = a.id AND ${match})
    ORDER BY a.name`;
  return rows.map((row) => {
    const capabilities = row.capabilities ?? [];
    // An agent picked by tag offers the task under another name: route() must not exclude it.
    const offers = capabilities.some((c) => c.name.toLowerCase() === capability.toLowerCase());
    const texts = offers
      ? capabilities
      : [
          ...capabilities,
          { name: capability, description: '', tags: tag ? [tag] : [], examples: [] },
        ];
    return {
      candidate: {
        id: row.id,
        name: row.name,
        status: row.status,
        inFlight: row.in_flight,
        maxConcurrentTasks: row.max_concurrent_tasks,
        weight: row.weight,
        ewmaLatencyMs: row.ewma_latency_ms,
        successRate: row.success_rate,
        priceInputPerMTok: row.price_input_per_mtok_micros,
        priceOutputPerMTok: row.price_output_per_mtok_micros,
        pricePerCall: row.price_per_call_micros,
        circuit: breakerOf(row),
        capabilities: texts,
      },
      row: {
        id: row.id,
        name: row.name,
        kind: row.kind,
        endpointUrl: row.endpoint_url,
        config: row.config,
        secretCiphertext: row.secret_ciphertext,
      },
    };
  });
}

/**
 * Takes the next round-robin position for a capability, atomically: the cursor lives in the
 * database so round-robin is fair across every worker process.
 */
export async function takeRoundRobinPosition(tx: SqlTx, capability: string): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ position: bigint }[]>`
    INSERT INTO routing_cursors (key, position, updated_at)
    VALUES (${`capability:${capability}`}, 1, now())
    ON CONFLICT (key) DO UPDATE SET position = routing_cursors.position + 1, updated_at = now()
    RETURNING position - 1 AS position`;
  return row?.position ?? 0n;
}
