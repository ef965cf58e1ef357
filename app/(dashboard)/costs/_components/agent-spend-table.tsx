import { Badge } from '@/components/ui/badge';
import { MoneyTable } from '@/components/ui/money-table';
import type { AgentSpend } from '@/lib/db/repositories/costs';
import { formatUsd } from '@/lib/engine';
import { formatCount } from '@/lib/format';

export function AgentSpendTable({ rows }: { rows: AgentSpend[] }) {
  return (
    <MoneyTable
      caption="Spend per agent over the last 30 days, largest first"
      rows={rows}
      rowKey={(row) => row.agent?.id ?? 'unattributed'}
      columns={[
        {
          header: 'Agent',
          className: 'font-normal',
          cell: (row) =>
            row.agent ? (
              <>
                <p className="flex items-center gap-2 font-medium">
                  {row.agent.displayName}
                  {row.agent.isUnregistered ? <Badge>Unregistered</Badge> : null}
                </p>
                <p className="font-mono text-xs text-ink-muted">{row.agent.name}</p>
              </>
            ) : (
              <>
                <p className="font-medium">Not tied to an agent</p>
                <p className="text-xs text-ink-muted">Planning and routing</p>
              </>
            ),
        },
        { header: 'Spend', money: true, strong: true, cell: (row) => formatUsd(row.amount) },
        { header: 'Ledger entries', money: true, cell: (row) => formatCount(row.entryCount) },
        { header: 'Tokens in', money: true, cell: (row) => formatCount(row.tokensIn) },
        { header: 'Tokens out', money: true, cell: (row) => formatCount(row.tokensOut) },
      ]}
    />
  );
}
