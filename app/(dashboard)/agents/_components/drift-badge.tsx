import type { AgentKind } from '@/lib/engine';

/**
 * An A2A agent's card has different skills, or an MCP server lists different tools, than when it
 * was registered or last acknowledged.
 */
export function DriftBadge({ kind }: { kind?: AgentKind }) {
  const tools = kind === 'mcp';
  return (
    <span
      title={
        tools
          ? 'The MCP server’s tool list changed; acknowledging imports the new tools as capabilities.'
          : 'The agent card’s skills changed since they were last reviewed.'
      }
      className="inline-flex items-center gap-1.5 rounded-full bg-status-degraded/10 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-ink ring-1 ring-status-degraded/40 ring-inset"
    >
      <span aria-hidden="true">⚠</span>
      {tools ? 'Tools changed' : 'Card changed'}
    </span>
  );
}
