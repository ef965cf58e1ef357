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
import type { TaskStatus } from '@/lib/engine';
import { formatDateTime, humanize, toIsoString } from '@/lib/format';

export interface RecentTask {
  id: string;
  ref: string;
  capability: string;
  status: TaskStatus;
  createdAt: Date;
}

/** No link to the task's request yet: the request page does not exist. */
export function RecentTasksTable({ tasks }: { tasks: RecentTask[] }) {
  return (
    <Table>
      <TableCaption>The agent’s most recent tasks, newest first. Times are UTC.</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Task</TableHeaderCell>
          <TableHeaderCell>Capability</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Created</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {tasks.map((task) => (
          <TableRow key={task.id}>
            <TableCell className="font-mono text-xs">{task.ref}</TableCell>
            <TableCell className="font-mono text-xs">{task.capability}</TableCell>
            <TableCell>
              <Badge>{humanize(task.status)}</Badge>
            </TableCell>
            <TableCell className="whitespace-nowrap text-ink-muted">
              <time dateTime={toIsoString(task.createdAt)}>{formatDateTime(task.createdAt)}</time>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
