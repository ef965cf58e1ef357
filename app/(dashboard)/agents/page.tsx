import type { Metadata } from 'next';
import { requirePageAccess } from '@/lib/auth/session';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { getDb } from '@/lib/db/client';
import { findAgents } from '@/lib/db/repositories/agents';
import { AgentsTable } from './_components/agents-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Agents' };

const PAGE_SIZE = 25;

export default async function AgentsPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  await requirePageAccess('/agents');
  const { page } = await searchParams;
  const agents = await findAgents(getDb(), { page: parsePageParam(page), pageSize: PAGE_SIZE });
  return (
    <>
      <PageHeader
        title="Agents"
        description="The agents Baton can route work to, with their status and capabilities."
      />
      {agents.total === 0 ? (
        <EmptyState
          as="h2"
          title="No agents registered"
          description="Registering agents from the dashboard and the API is on its way. Meanwhile, a fresh install with the embedded database registers four builtin demo agents on first start (npm run db:seed adds them to any database)."
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
          />
        </Card>
      )}
    </>
  );
}
