import { AGENT_CONFIG_SCHEMAS } from '@/lib/agents/config';
import type { AgentTarget } from '@/lib/agents/types';
import { decryptSecret } from '@/lib/crypto/secrets';
import type { AgentKind } from '@/lib/engine';

export interface AgentRowForTarget {
  id: string;
  name: string;
  kind: AgentKind;
  endpointUrl: string | null;
  config: unknown;
  secretCiphertext: string | null;
}

/**
 * Builds what an adapter needs from an agent row: config parsed with the kind's schema, secret
 * decrypted (bound to this agent's id). Throws with a clear message when stored config is invalid.
 */
export function toAgentTarget(row: AgentRowForTarget): AgentTarget {
  const parsed = AGENT_CONFIG_SCHEMAS[row.kind].safeParse(row.config ?? {});
  if (!parsed.success) {
    throw new Error(
      `Agent "${row.name}" has an invalid ${row.kind} configuration; edit it to fix.`,
    );
  }
  const secret = row.secretCiphertext
    ? decryptSecret(row.secretCiphertext, `agent:${row.id}`)
    : null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    endpointUrl: row.endpointUrl,
    config: parsed.data,
    secret,
  } as AgentTarget;
}
