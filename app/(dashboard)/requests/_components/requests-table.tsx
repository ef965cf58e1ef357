import type { Route } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
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
import type { RequestListItem } from '@/lib/db/repositories/requests';
import { formatUsd } from '@/lib/engine';
import { formatDateTime, formatDuration, toIsoString } from '@/lib/format';
import { STRATEGY_LABELS } from './strategy-options';

export function RequestsTable({ requests }: { requests: RequestListItem[] }) {
  return (
    <Table>
      <TableCaption>Requests, newest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Request</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Strategy</TableHeaderCell>
          <TableHeaderCell className="text-right">Cost</TableHeaderCell>
          <TableHeaderCell>Submitted</TableHeaderCell>
          <TableHeaderCell className="text-right">Duration</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {requests.map((request) => (
          <TableRow key={request.id}>
            <TableCell className="max-w-md">
              <Link
                href={`/requests/${request.id}` as Route}
                title={request.summary}
                className="line-clamp-2 rounded-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
              >
                {request.summary}
              </Link>
            </TableCell>
            <TableCell>
              <StatusBadge status={request.status} />
            </TableCell>
            <TableCell>
              <Badge>{STRATEGY_LABELS[request.strategy]}</Badge>
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatUsd(request.costTotal)}
            </TableCell>
            <TableCell className="whitespace-nowrap text-ink-muted">
              <time dateTime={toIsoString(request.createdAt)}>
                {formatDateTime(request.createdAt)}
              </time>
            </TableCell>
            <TableCell className="text-right whitespace-nowrap text-ink-muted tabular-nums">
              {request.durationMs === null ? (
                <span title="Not finished yet">—</span>
              ) : (
                formatDuration(request.durationMs)
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
