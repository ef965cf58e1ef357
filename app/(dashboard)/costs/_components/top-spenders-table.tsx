import { MoneyTable } from '@/components/ui/money-table';
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
    <MoneyTable
      caption={caption}
      rows={rows}
      rowKey={(row) => row.key ?? 'none'}
      columns={[
        { header: keyLabel, cell: (row) => row.label },
        { header: 'Spend', money: true, strong: true, cell: (row) => formatUsd(row.amount) },
        {
          header: 'Reported',
          money: true,
          cell: (row) => {
            const share = reportedShare(row.amount, row.reported);
            return share === null ? '—' : formatPerMille(share);
          },
        },
        { header: 'Ledger entries', money: true, cell: (row) => formatCount(row.entries) },
      ]}
    />
  );
}
