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
import type { BudgetListItem } from '@/lib/db/repositories/costs';
import { formatUsd, usedPercent, type BudgetPeriod } from '@/lib/engine';
import { humanize } from '@/lib/format';

export const PERIOD_LABELS = {
  total: 'All time',
  day: 'Per day (UTC)',
  month: 'Per month (UTC)',
} satisfies Record<BudgetPeriod, string>;

export function BudgetsTable({ budgets }: { budgets: BudgetListItem[] }) {
  return (
    <Table>
      <TableCaption>Budgets</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Budget</TableHeaderCell>
          <TableHeaderCell>Scope</TableHeaderCell>
          <TableHeaderCell>Applies to</TableHeaderCell>
          <TableHeaderCell className="text-right">Used this period</TableHeaderCell>
          <TableHeaderCell className="text-right">Limit</TableHeaderCell>
          <TableHeaderCell>Period</TableHeaderCell>
          <TableHeaderCell>When reached</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {budgets.map((budget) => (
          <TableRow key={budget.id}>
            <TableCell className="font-medium">{budget.name}</TableCell>
            <TableCell>
              <Badge>{humanize(budget.scope)}</Badge>
            </TableCell>
            <TableCell className="break-all">{budget.scopeLabel}</TableCell>
            <TableCell className="text-right tabular-nums">
              {formatUsd(budget.spent)}
              {budget.reserved > 0n ? (
                <span className="text-ink-muted"> + {formatUsd(budget.reserved)} held</span>
              ) : null}{' '}
              <span className="text-ink-muted">({usedPercent(budget)} %)</span>
            </TableCell>
            <TableCell className="text-right font-medium tabular-nums">
              {formatUsd(budget.limit)}
            </TableCell>
            <TableCell>{PERIOD_LABELS[budget.period]}</TableCell>
            <TableCell>{humanize(budget.mode)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
