import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import type { ConfigRow } from './configuration';

export function ConfigurationTable({ rows }: { rows: ConfigRow[] }) {
  return (
    <Table>
      <TableCaption>Environment variables Baton reads</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Variable</TableHeaderCell>
          <TableHeaderCell>Purpose</TableHeaderCell>
          <TableHeaderCell>Source</TableHeaderCell>
          <TableHeaderCell>Effective value</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.name}>
            <TableCell className="font-mono text-xs whitespace-nowrap">{row.name}</TableCell>
            <TableCell className="text-ink-muted">{row.purpose}</TableCell>
            <TableCell>
              <Badge>{row.isSet ? 'Set' : 'Default'}</Badge>
            </TableCell>
            <TableCell
              className={cn('break-all', row.isSet ? 'font-mono text-xs' : 'text-ink-muted')}
            >
              {row.shown}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
