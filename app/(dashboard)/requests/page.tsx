import type { Metadata } from 'next';
import { requirePageAccess } from '@/lib/auth/session';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { getDb } from '@/lib/db/client';
import { findRequests } from '@/lib/db/repositories/requests';
import { RequestsTable } from './_components/requests-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Requests' };

const PAGE_SIZE = 25;

export default async function RequestsPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  await requirePageAccess('/requests');
  const { page } = await searchParams;
  const requests = await findRequests(getDb(), {
    page: parsePageParam(page),
    pageSize: PAGE_SIZE,
  });
  return (
    <>
      <PageHeader
        title="Requests"
        description="Work submitted to Baton: each request is planned into tasks and routed to agents."
      />
      {requests.total === 0 ? (
        <EmptyState
          as="h2"
          title="No requests yet"
          description="Requests appear here as soon as they are submitted, with their status, routing strategy, cost and duration."
        />
      ) : (
        <Card>
          <RequestsTable requests={requests.items} />
          <Pagination
            basePath="/requests"
            page={requests.page}
            pageSize={requests.pageSize}
            total={requests.total}
            itemLabel="requests"
          />
        </Card>
      )}
    </>
  );
}
