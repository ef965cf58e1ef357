import { Badge } from '@/components/ui/badge';
import type { CardPreview } from '@/lib/actions/agents/preview-agent-card';

/**
 * What registering will import from the card (name, description, version, skills) or from an MCP
 * server (its name and version, and its tools).
 */
export function CardPreviewPanel({ card }: { card: CardPreview }) {
  return (
    <section
      aria-label={card.kind === 'mcp' ? 'MCP tools' : 'Agent card'}
      className="rounded-md border border-status-active/30 bg-status-active/5 p-4 text-sm"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 className="font-semibold text-ink">
          {card.name || (card.kind === 'mcp' ? 'Unnamed MCP server' : 'Unnamed agent')}
        </h3>
        {card.version ? (
          <span className="text-xs text-ink-muted">version {card.version}</span>
        ) : null}
      </div>
      {card.description ? <p className="mt-1 text-ink">{card.description}</p> : null}
      <p className="mt-1 font-mono text-xs break-all text-ink-muted">{card.cardUrl}</p>
      <h4 className="mt-3 text-xs font-semibold tracking-wide text-ink-muted uppercase">
        {card.kind === 'mcp' ? 'Tools' : 'Skills'} → capabilities ({card.skills.length})
      </h4>
      {card.skills.length === 0 ? (
        <p className="mt-1 text-ink-muted">
          {card.kind === 'mcp' ? 'The server lists no tools' : 'The card lists no skills'}: Baton
          cannot route anything to this agent.
        </p>
      ) : (
        <ul className="mt-2 space-y-2">
          {card.skills.map((skill) => (
            <li key={skill.name}>
              <span className="font-mono font-medium text-ink">{skill.name}</span>
              {skill.description ? (
                <span className="text-ink-muted"> — {skill.description}</span>
              ) : null}
              {skill.tags.length ? (
                <span className="ml-2 inline-flex flex-wrap gap-1 align-middle">
                  {skill.tags.map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
