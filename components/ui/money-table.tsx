import type { ReactNode } from 'react';
import { cn } from './cn';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from './table';

/**
 * One column of a money table. `money` columns (amounts, counts, shares) are right-aligned in
 * tabular figures; `strong` marks the column a reader compares (the spend).
 */
export interface MoneyColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  money?: boolean;
  strong?: boolean;
  /** Extra cell classes, e.g. `font-mono text-xs` for identifiers. */
  className?: string;
}

/**
 * The cost views' tables (top spenders, request cost breakdowns, budgets covering an agent): a
 * label column first, then money columns, one markup for all of them.
 */
export function MoneyTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string;
  columns: readonly MoneyColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <Table>
      <TableCaption>{caption}</TableCaption>
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableHeaderCell key={column.header} className={cn(column.money && 'text-right')}>
              {column.header}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)}>
            {columns.map((column, index) => (
              <TableCell
                key={column.header}
                className={cn(
                  column.money && 'text-right whitespace-nowrap tabular-nums',
                  (column.strong || (index === 0 && !column.className)) && 'font-medium',
                  column.className,
                )}
              >
                {column.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
