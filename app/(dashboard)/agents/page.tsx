import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listCapabilityNames } from '@/lib/db/repositories/capabilities';
import { listAgentsWithUptime } from '@/lib/server/agent-list';
import { listProposals } from '@/lib/server/proposals';
import {
  filterQuery,
  hasFilters,
  parseAgentFilters,
  type SearchParamValue,
} from './_components/agent-filters';
import { AgentFiltersForm } from './_components/agent-filters-form';
import { AgentsTable } from './_components/agents-table';
import { ProposalsCard } from './_components/proposals-card';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Agents' };

const PAGE_SIZE = 25;

export default async function AgentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, SearchParamValue>>;
}) {
  const viewer = await requirePageAccess('/agents');
  const params = await searchParams;
  const filters = parseAgentFilters(params);
  const db = getDb();
  const [agents, capabilities, proposals] = await Promise.all([
    listAgentsWithUptime(db, { page: parsePageParam(params.page), pageSize: PAGE_SIZE }, filters),
    listCapabilityNames(db),
    listProposals(db, { status: 'pending' }),
  ]);
  const canOperate = hasRole(viewer.role, 'operator');
  const isFiltered = hasFilters(filters);

  return (
    <>
      <PageHeader
        title="Agents"
        description="The agents Baton can route work to, with their status, capabilities and health."
        actions={canOperate ? <ButtonLink href="/agents/new">Register agent</ButtonLink> : null}
      />
      {proposals.length > 0 ? (
        <ProposalsCard proposals={proposals} canOperate={canOperate} />
      ) : null}
      {agents.total === 0 && !isFiltered ? (
        <EmptyState
          as="h2"
          title="No agents registered"
          description={
            canOperate
              ? 'Register an A2A agent by its URL, an OpenAI-compatible model, a webhook or one of Baton’s builtin agents.'
              : 'An operator registers agents here. A fresh install with the embedded database registers four builtin demo agents on first start.'
          }
          action={canOperate ? { href: '/agents/new', label: 'Register agent' } : undefined}
        />
      ) : (
        <>
          {/* Keyed by the filters so that Clear and back/forward show the URL's values. */}
          <AgentFiltersForm
            key={JSON.stringify(filters)}
            filters={filters}
            capabilities={capabilities}
          />
          {agents.total === 0 ? (
            <EmptyState
              as="h2"
              title="No agents match these filters"
              description="Try another status, kind or capability, or a shorter search."
              action={{ href: '/agents', label: 'Clear filters' }}
            />
          ) : (
            <Card>
              <AgentsTable agents={agents.items} />
              <Pagination
                basePath="/agents"
                page={agents.page}
                pageSize={agents.pageSize}
                total={agents.total}
                itemLabel="agents"
                query={filterQuery(filters)}
              />
            </Card>
          )}
        </>
      )}
    </>
  );
}
