import type { Route } from 'next';
import Link from 'next/link';
import { Card, CardHeader } from '@/components/ui/card';
import { formatDateTime, toIsoString } from '@/lib/format';
import type { ProposalView } from '@/lib/server/proposals';
import { ProposalDecisionForm } from './proposal-decision-form';

/**
 * Agents the LLM planner proposed for capabilities no agent offers. Each would run on its planner's
 * endpoint with its own model and system prompt; nothing is registered until an operator approves.
 */
export function ProposalsCard({
  proposals,
  canOperate,
}: {
  proposals: ProposalView[];
  canOperate: boolean;
}) {
  return (
    <section aria-labelledby="proposals-heading" className="mb-6">
      <Card>
        <CardHeader
          as="h2"
          id="proposals-heading"
          title={`Proposed agents (${proposals.length})`}
          description="The LLM planner needed these capabilities and found no agent offering them. Approving registers an OpenAI-compatible agent on the planner’s endpoint with the proposed model and prompt."
        />
        <ul className="divide-y divide-line">
          {proposals.map((proposal) => (
            <li
              key={proposal.id}
              className="grid gap-3 px-5 py-4 md:grid-cols-[minmax(0,1fr)_auto] md:items-start"
            >
              <div className="min-w-0 space-y-1 text-sm">
                <p className="text-ink">
                  <span className="font-mono font-medium">{proposal.name}</span>
                  <span className="text-ink-muted"> offers </span>
                  <span className="font-mono">{proposal.capability}</span>
                </p>
                <p className="text-ink-muted">{proposal.description}</p>
                <p className="text-xs text-ink-muted">
                  Model <span className="font-mono">{proposal.model}</span> on{' '}
                  {proposal.baseAgent ? (
                    <Link
                      href={`/agents/${proposal.baseAgent.id}` as Route}
                      className="rounded-sm text-accent-700 hover:underline"
                    >
                      {proposal.baseAgent.name}
                    </Link>
                  ) : (
                    <span className="text-status-failed">
                      an agent that is no longer registered
                    </span>
                  )}
                  {proposal.requestId ? (
                    <>
                      {' · '}
                      <Link
                        href={`/requests/${proposal.requestId}` as Route}
                        className="rounded-sm text-accent-700 hover:underline"
                      >
                        from a request
                      </Link>
                    </>
                  ) : null}
                  {' · '}
                  <time dateTime={toIsoString(proposal.createdAt)}>
                    {formatDateTime(proposal.createdAt)}
                  </time>
                </p>
                <details className="text-xs">
                  <summary className="cursor-pointer text-accent-700">System prompt</summary>
                  <pre className="mt-1 max-h-48 overflow-auto rounded-md border border-line bg-slate-50 p-2 font-mono whitespace-pre-wrap text-ink">
                    {proposal.systemPrompt}
                  </pre>
                </details>
              </div>
              {canOperate ? (
                <ProposalDecisionForm proposalId={proposal.id} name={proposal.name} />
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}
