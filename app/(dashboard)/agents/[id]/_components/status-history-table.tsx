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
import type { AgentStatus } from '@/lib/engine';
import { formatDateTime, toIsoString } from '@/lib/format';

export interface HistoryEntry {
  id: string;
  from: AgentStatus | null;
  to: AgentStatus;
  reason: string;
  actorLabel: string;
  createdAt: Date;
}

export function StatusHistoryTable({ entries }: { entries: HistoryEntry[] }) {
  return (
    <Table>
      <TableCaption>Status changes, newest first. Times are UTC.</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Time</TableHeaderCell>
          <TableHeaderCell>Change</TableHeaderCell>
          <TableHeaderCell>Reason</TableHeaderCell>
          <TableHeaderCell>By</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell className="whitespace-nowrap text-ink-muted">
              <time dateTime={toIsoString(entry.createdAt)}>{formatDateTime(entry.createdAt)}</time>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <span className="inline-flex items-center gap-1.5">
                {entry.from ? <StatusBadge status={entry.from} /> : <span>Registered</span>}
                <span aria-label="to">→</span>
                <StatusBadge status={entry.to} />
              </span>
            </TableCell>
            <TableCell>{entry.reason || <span className="text-ink-muted">—</span>}</TableCell>
            <TableCell className="break-all">{entry.actorLabel}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
