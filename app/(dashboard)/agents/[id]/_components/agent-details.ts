import { AGENT_CONFIG_SCHEMAS } from '@/lib/agents/config';
import { BUILTIN_AGENTS } from '@/lib/agents/builtin/catalog';
import type { AgentKind } from '@/lib/engine';

export interface DetailRow {
  label: string;
  value: string;
}

/**
 * The kind-specific settings worth showing, read through the kind's config schema. A row that does
 * not parse (written by an older version, or by hand) shows nothing rather than raw JSON. Config
 * never holds secrets (lib/agents/config.ts), so everything here may be shown to viewers.
 */
export function describeConfig(kind: AgentKind, config: unknown): DetailRow[] {
  const rows: DetailRow[] = [];
  switch (kind) {
    case 'a2a': {
      const parsed = AGENT_CONFIG_SCHEMAS.a2a.safeParse(config ?? {});
      if (!parsed.success) break;
      rows.push({
        label: 'Canary message',
        value: parsed.data.canary ? 'Sent with each check' : 'Off',
      });
      const headers = Object.keys(parsed.data.headers ?? {});
      if (headers.length) rows.push({ label: 'Extra headers', value: headers.join(', ') });
      break;
    }
    case 'openai': {
      const parsed = AGENT_CONFIG_SCHEMAS.openai.safeParse(config ?? {});
      if (!parsed.success) break;
      rows.push({ label: 'Model', value: parsed.data.model });
      rows.push({
        label: 'Health probe',
        value: parsed.data.probe === 'completion' ? 'One-token completion' : 'List models',
      });
      if (parsed.data.systemPrompt) {
        rows.push({ label: 'System prompt', value: parsed.data.systemPrompt });
      }
      break;
    }
    case 'webhook': {
      const parsed = AGENT_CONFIG_SCHEMAS.webhook.safeParse(config ?? {});
      if (!parsed.success) break;
      rows.push({ label: 'Health URL', value: parsed.data.healthUrl ?? 'The endpoint URL' });
      const headers = Object.keys(parsed.data.headers ?? {});
      if (headers.length) rows.push({ label: 'Extra headers', value: headers.join(', ') });
      break;
    }
    case 'mcp': {
      const parsed = AGENT_CONFIG_SCHEMAS.mcp.safeParse(config ?? {});
      if (!parsed.success) break;
      rows.push({ label: 'Transport', value: 'Streamable HTTP' });
      const headers = Object.keys(parsed.data.headers ?? {});
      if (headers.length) rows.push({ label: 'Extra headers', value: headers.join(', ') });
      break;
    }
    case 'builtin': {
      const parsed = AGENT_CONFIG_SCHEMAS.builtin.safeParse(config ?? {});
      if (!parsed.success) break;
      const definition = BUILTIN_AGENTS.find((agent) => agent.name === parsed.data.builtin);
      rows.push({ label: 'Builtin', value: definition?.displayName ?? parsed.data.builtin });
      break;
    }
    default:
      kind satisfies never;
  }
  return rows;
}
