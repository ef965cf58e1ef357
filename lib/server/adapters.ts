import type { AgentAdapter } from '@/lib/agents/types';
import { webhookAdapter } from '@/lib/agents/webhook';
import type { AgentKind } from '@/lib/engine';

/**
 * One adapter per agent kind (architecture.md §5). All but the webhook adapter are loaded on first
 * use: their modules (the OpenAI and A2A SDKs, the MCP client, mathjs for the builtin calculator)
 * were about 6 of the 7.8 s of CPU a worker process spent importing before it took a job, and a
 * worker killed and replaced under load spent that again each time (issue 12, ADR 0057 addendum
 * "chaos3"). The webhook adapter is small and the kind most deployments call.
 */
const LOADERS: { [K in Exclude<AgentKind, 'webhook'>]: () => Promise<AgentAdapter<K>> } = {
  a2a: () => import('@/lib/agents/a2a').then((m) => m.a2aAdapter),
  openai: () => import('@/lib/agents/openai').then((m) => m.openaiAdapter),
  builtin: () => import('@/lib/agents/builtin/adapter').then((m) => m.builtinAdapter),
  mcp: () => import('@/lib/agents/mcp').then((m) => m.mcpAdapter),
};

/** The kinds whose adapter implements `cancel` (callers test for it before loading anything). */
const CANCELS: ReadonlySet<AgentKind> = new Set(['a2a', 'mcp']);

/**
 * Stands in for a kind's adapter and loads the real one on the first call. A failed load is not
 * remembered (the next call tries again) and throws as a programming error would.
 */
function lazyAdapter(kind: Exclude<AgentKind, 'webhook'>): AgentAdapter {
  let loading: Promise<AgentAdapter> | null = null;
  const load = () => {
    loading ??= (LOADERS[kind]() as Promise<AgentAdapter>).catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return {
    kind,
    probe: async (target, options) => (await load()).probe(target, options),
    invoke: async (target, request) => (await load()).invoke(target, request),
    ...(CANCELS.has(kind) && {
      cancel: async (target, request) => {
        const adapter = await load();
        if (!adapter.cancel) throw new Error(`The ${kind} adapter has no cancel.`);
        return adapter.cancel(target, request);
      },
    }),
  };
}

const ADAPTERS: { [K in AgentKind]: AgentAdapter } = {
  webhook: webhookAdapter as AgentAdapter,
  a2a: lazyAdapter('a2a'),
  openai: lazyAdapter('openai'),
  builtin: lazyAdapter('builtin'),
  mcp: lazyAdapter('mcp'),
};

export function adapterFor(kind: AgentKind): AgentAdapter {
  return ADAPTERS[kind];
}
