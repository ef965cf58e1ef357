import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import type { AuditListItem } from '@/lib/db/repositories/audit';
import { toIsoString } from '@/lib/format';
import { describeAuditMetadata, formatAuditTarget, formatAuditTime } from './audit-details';

export function AuditTable({ entries }: { entries: AuditListItem[] }) {
  return (
    <Table>
      <TableCaption>Audit log, newest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Time (UTC)</TableHeaderCell>
          <TableHeaderCell>Actor</TableHeaderCell>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell>Target</TableHeaderCell>
          <TableHeaderCell>Details</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell className="whitespace-nowrap text-ink-muted tabular-nums">
              <time dateTime={toIsoString(entry.createdAt)}>
                {formatAuditTime(entry.createdAt)}
              </time>
            </TableCell>
            <TableCell className="break-words">{entry.actorLabel}</TableCell>
            <TableCell className="font-mono text-xs whitespace-nowrap">{entry.action}</TableCell>
            <TableCell
              className="font-mono text-xs whitespace-nowrap"
              title={entry.targetId ?? undefined}
            >
              {formatAuditTarget(entry.targetType, entry.targetId) ?? '—'}
            </TableCell>
            <TableCell>
              <AuditDetails metadata={entry.metadata} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function AuditDetails({ metadata }: { metadata: AuditListItem['metadata'] }) {
  const details = describeAuditMetadata(metadata);
  if (details.length === 0) return <span className="text-ink-muted">—</span>;
  return (
    <dl className="text-xs">
      {details.map((detail) => (
        <div key={detail.key} className="flex gap-1">
          <dt className="text-ink-muted">{detail.key}:</dt>
          <dd className="break-words text-ink">{detail.value}</dd>
        </div>
      ))}
    </dl>
  );
}
