import { Badge } from '@/components/ui/badge';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import type { AgentSpend } from '@/lib/db/repositories/costs';
import { formatUsd } from '@/lib/engine';
import { formatCount } from '@/lib/format';

export function AgentSpendTable({ rows }: { rows: AgentSpend[] }) {
  return (
    <Table>
      <TableCaption>Spend per agent over the last 30 days, largest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Agent</TableHeaderCell>
          <TableHeaderCell className="text-right">Spend</TableHeaderCell>
          <TableHeaderCell className="text-right">Ledger entries</TableHeaderCell>
          <TableHeaderCell className="text-right">Tokens in</TableHeaderCell>
          <TableHeaderCell className="text-right">Tokens out</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.agent?.id ?? 'unattributed'}>
            <TableCell>
              {row.agent ? (
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
              )}
            </TableCell>
            <TableCell className="text-right font-medium tabular-nums">
              {formatUsd(row.amount)}
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(row.entryCount)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(row.tokensIn)}</TableCell>
            <TableCell className="text-right tabular-nums">{formatCount(row.tokensOut)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
