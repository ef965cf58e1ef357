import { a2aAdapter } from '@/lib/agents/a2a';
import { builtinAdapter } from '@/lib/agents/builtin/adapter';
import { mcpAdapter } from '@/lib/agents/mcp';
import { openaiAdapter } from '@/lib/agents/openai';
import type { AgentAdapter } from '@/lib/agents/types';
import { webhookAdapter } from '@/lib/agents/webhook';
import type { AgentKind } from '@/lib/engine';

/** One adapter per agent kind (architecture.md §5). */
const ADAPTERS = {
  a2a: a2aAdapter,
  openai: openaiAdapter,
  webhook: webhookAdapter,
  builtin: builtinAdapter,
  mcp: mcpAdapter,
} as const satisfies { [K in AgentKind]: AgentAdapter<K> };

export function adapterFor(kind: AgentKind): AgentAdapter {
  return ADAPTERS[kind] as AgentAdapter;
}
