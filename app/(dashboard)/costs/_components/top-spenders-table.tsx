import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import { formatUsd } from '@/lib/engine';
import { formatPerMille, reportedShare } from '@/lib/engine/budget/review';
import { formatCount } from '@/lib/format';
import type { TopRow } from '@/lib/server/budget/review';

export function TopSpendersTable({
  rows,
  caption,
  keyLabel,
}: {
  rows: TopRow[];
  caption: string;
  keyLabel: string;
}) {
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>{keyLabel}</TableHeaderCell>
          <TableHeaderCell className="text-right">Spend</TableHeaderCell>
          <TableHeaderCell className="text-right">Reported</TableHeaderCell>
          <TableHeaderCell className="text-right">Ledger entries</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const share = reportedShare(row.amount, row.reported);
          return (
            <TableRow key={row.key ?? 'none'}>
              <TableCell className="font-medium">{row.label}</TableCell>
              <TableCell className="text-right font-medium tabular-nums">
                {formatUsd(row.amount)}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {share === null ? '—' : formatPerMille(share)}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatCount(row.entries)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
