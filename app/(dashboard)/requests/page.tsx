import type { Metadata } from 'next';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { findRequests } from '@/lib/db/repositories/requests';
import { defaultStrategy } from '@/lib/server/execution/submit';
import {
  filterQuery,
  hasFilters,
  parseRequestFilters,
  type SearchParamValue,
} from './_components/request-filters';
import { RequestFiltersForm } from './_components/request-filters-form';
import { RequestsTable } from './_components/requests-table';
import { SubmitRequestForm } from './_components/submit-request-form';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Requests' };

const PAGE_SIZE = 25;

export default async function RequestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, SearchParamValue>>;
}) {
  const viewer = await requirePageAccess('/requests');
  const params = await searchParams;
  const filters = parseRequestFilters(params);
  const requests = await findRequests(getDb(), {
    page: parsePageParam(params.page),
    pageSize: PAGE_SIZE,
    ...filters,
  });
  const canOperate = hasRole(viewer.role, 'operator');
  const isFiltered = hasFilters(filters);

  return (
    <>
      <PageHeader
        title="Requests"
        description="Work submitted to Baton: each request is planned into tasks and routed to agents."
      />
      {canOperate ? (
        <section aria-labelledby="new-request-heading" className="mb-8">
          <Card>
            <CardHeader
              as="h2"
              id="new-request-heading"
              title="New request"
              description="Describe the work in plain language or give an explicit workflow. It runs as soon as it is planned, unless it needs approval."
            />
            <SubmitRequestForm defaultStrategy={await defaultStrategy(getDb())} />
          </Card>
        </section>
      ) : null}
      {requests.total === 0 && !isFiltered ? (
        <EmptyState
          as="h2"
          title="No requests yet"
          description={
            canOperate
              ? 'Submit one above. Requests appear here with their status, routing strategy, cost and duration.'
              : 'Requests appear here as soon as an operator or an API client submits them, with their status, routing strategy, cost and duration.'
          }
        />
      ) : (
        <section aria-label="Request list">
          {/* Keyed by the filters so that Clear and back/forward show the URL's values. */}
          <RequestFiltersForm key={JSON.stringify(filters)} filters={filters} />
          {requests.total === 0 ? (
            <EmptyState
              as="h2"
              title="No requests match these filters"
              description="Try another status or strategy, or a shorter search."
              action={{ href: '/requests', label: 'Clear filters' }}
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
                query={filterQuery(filters)}
              />
            </Card>
          )}
        </section>
      )}
    </>
  );
}
