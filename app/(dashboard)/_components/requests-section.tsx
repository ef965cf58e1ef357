import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SectionHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import type { RequestSummary } from '@/lib/db/repositories/overview';
import { formatUsd, REQUEST_STATUSES } from '@/lib/engine';
import { formatCount, formatDateTime, toIsoString } from '@/lib/format';

export function RequestsSection({ requests }: { requests: RequestSummary }) {
  const last24hTotal = Object.values(requests.last24h).reduce((sum, count) => sum + count, 0);
  return (
    <section aria-labelledby="requests-heading">
      <SectionHeader
        id="requests-heading"
        title="Requests"
        link={{ href: '/requests', label: 'View requests' }}
      />
      {requests.recent.length === 0 ? (
        <EmptyState
          title="Submit a request"
          description="Baton plans each request into tasks and routes every task to a capable agent. Once requests come in, their status and cost show up here."
          action={{ href: '/requests', label: 'Go to Requests' }}
        />
      ) : (
        <div className="space-y-4">
          <Card>
            <CardHeader
              title="Last 24 hours"
              description={`${formatCount(last24hTotal)} submitted`}
            />
            <CardBody>
              <ul className="flex flex-wrap gap-x-6 gap-y-3">
                {REQUEST_STATUSES.map((status) => (
                  <li key={status} className="flex items-center gap-2">
                    <StatusBadge status={status} />
                    <span className="text-sm font-medium text-ink tabular-nums">
                      {formatCount(requests.last24h[status])}
                    </span>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Most recent" />
            <RecentRequestsTable requests={requests.recent} />
          </Card>
        </div>
      )}
    </section>
  );
}

function RecentRequestsTable({ requests }: { requests: RequestSummary['recent'] }) {
  return (
    <Table>
      <TableCaption>The five most recent requests</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Request</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell className="text-right">Cost</TableHeaderCell>
          <TableHeaderCell>Submitted</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {requests.map((request) => (
          <TableRow key={request.id}>
            <TableCell className="max-w-md truncate" title={request.summary}>
              {request.summary}
            </TableCell>
            <TableCell>
              <StatusBadge status={request.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatUsd(request.costTotal)}
            </TableCell>
            <TableCell className="whitespace-nowrap text-ink-muted">
              <time dateTime={toIsoString(request.createdAt)}>
                {formatDateTime(request.createdAt)}
              </time>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
