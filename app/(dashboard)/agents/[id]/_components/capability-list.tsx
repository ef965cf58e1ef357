import { Badge } from '@/components/ui/badge';
import type { AgentDetail } from '@/lib/db/repositories/agents';

export function CapabilityList({ capabilities }: { capabilities: AgentDetail['capabilities'] }) {
  if (capabilities.length === 0) {
    return <p className="px-5 py-4 text-sm text-ink-muted">This agent offers no capability.</p>;
  }
  return (
    <ul className="divide-y divide-line">
      {capabilities.map((capability) => (
        <li key={capability.id} className="space-y-2 px-5 py-4">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <h3 className="font-mono text-sm font-semibold text-ink">{capability.name}</h3>
            <p className="text-xs text-ink-muted">
              {capability.inputTypes.join(', ') || '—'} → {capability.outputTypes.join(', ') || '—'}
            </p>
          </div>
          {capability.description ? (
            <p className="text-sm text-ink">{capability.description}</p>
          ) : null}
          {capability.tags.length ? (
            <ul aria-label={`Tags of ${capability.name}`} className="flex flex-wrap gap-1">
              {capability.tags.map((tag) => (
                <li key={tag}>
                  <Badge>{tag}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
          {capability.inputSchema ? (
            <details>
              <summary className="cursor-pointer text-xs font-medium text-ink-muted">
                Input schema
              </summary>
              <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-xs text-ink">
                {JSON.stringify(capability.inputSchema, null, 2)}
              </pre>
            </details>
          ) : null}
          {capability.examples.length ? (
            <div>
              <p className="text-xs font-medium text-ink-muted">Examples</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-ink-muted">
                {capability.examples.map((example) => (
                  <li key={example}>{example}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
