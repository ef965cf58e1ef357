import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SectionHeader } from '@/components/ui/page-header';
import { Stat, StatGrid } from '@/components/ui/stat';
import { StatusBadge } from '@/components/ui/status-badge';
import type { FleetSummary } from '@/lib/db/repositories/overview';
import { AGENT_STATUSES } from '@/lib/engine';
import { formatCount } from '@/lib/format';

export function FleetSection({ fleet }: { fleet: FleetSummary }) {
  const attentionCount = fleet.byStatus.FAILED + fleet.byStatus.DEGRADED;
  return (
    <section aria-labelledby="fleet-heading">
      <SectionHeader
        id="fleet-heading"
        title="Fleet"
        link={{ href: '/agents', label: 'View agents' }}
      />
      {fleet.total === 0 ? (
        <EmptyState
          title="Register your first agent"
          description="Baton routes work to registered agents by their capabilities. A fresh install with the embedded database registers four builtin demo agents on first start."
          action={{ href: '/agents', label: 'Go to Agents' }}
        />
      ) : (
        <div className="space-y-4">
          <StatGrid>
            <Stat label="Agents" value={formatCount(fleet.total)} testId="fleet-total" />
            <Stat label="Active" value={formatCount(fleet.byStatus.ACTIVE)} testId="fleet-active" />
            <Stat
              label="Need attention"
              value={formatCount(attentionCount)}
              hint="Failed or degraded"
              testId="fleet-attention"
            />
            <Stat
              label="Capabilities"
              value={formatCount(fleet.capabilityCount)}
              hint="Distinct across the fleet"
              testId="fleet-capabilities"
            />
          </StatGrid>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader title="Agents by status" />
              <CardBody>
                <ul className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-3 lg:grid-cols-2">
                  {AGENT_STATUSES.map((status) => (
                    <li key={status} className="flex items-center justify-between gap-2">
                      <StatusBadge status={status} />
                      <span className="text-sm font-medium text-ink tabular-nums">
                        {formatCount(fleet.byStatus[status])}
                      </span>
                    </li>
                  ))}
                </ul>
              </CardBody>
            </Card>
            <AttentionCard agents={fleet.attention} />
          </div>
        </div>
      )}
    </section>
  );
}

function AttentionCard({ agents }: { agents: FleetSummary['attention'] }) {
  return (
    <Card>
      <CardHeader title="Needs attention" description="Failed and degraded agents, latest first." />
      {agents.length === 0 ? (
        <CardBody>
          <p className="text-sm text-ink-muted">No agent is failed or degraded.</p>
        </CardBody>
      ) : (
        <ul className="divide-y divide-line">
          {agents.map((agent) => (
            <li key={agent.id} className="flex items-start justify-between gap-3 px-5 py-3">
              <div className="min-w-0">
                <p className="text-sm font-medium text-ink">{agent.displayName}</p>
                <p className="font-mono text-xs text-ink-muted">{agent.name}</p>
                <p className="mt-1 text-sm text-ink-muted">
                  {agent.reason ?? 'No reason recorded.'}
                </p>
              </div>
              <StatusBadge status={agent.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
