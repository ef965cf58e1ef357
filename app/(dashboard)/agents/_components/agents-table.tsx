import { Badge } from '@/components/ui/badge';
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
import type { AgentListItem } from '@/lib/db/repositories/agents';
import { formatDate, toIsoString } from '@/lib/format';

export function AgentsTable({ agents }: { agents: AgentListItem[] }) {
  return (
    <Table>
      <TableCaption>Registered agents, newest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Agent</TableHeaderCell>
          <TableHeaderCell>Kind</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Capabilities</TableHeaderCell>
          <TableHeaderCell className="text-right">Max concurrency</TableHeaderCell>
          <TableHeaderCell>Registered</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {agents.map((agent) => (
          <TableRow key={agent.id}>
            <TableCell>
              <p className="font-medium">{agent.displayName}</p>
              <p className="font-mono text-xs text-ink-muted">{agent.name}</p>
            </TableCell>
            <TableCell>
              <Badge>{agent.kind}</Badge>
            </TableCell>
            <TableCell>
              <StatusBadge status={agent.status} />
            </TableCell>
            <TableCell>
              <CapabilityList names={agent.capabilities} total={agent.capabilityCount} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{agent.maxConcurrentTasks}</TableCell>
            <TableCell className="whitespace-nowrap text-ink-muted">
              <time dateTime={toIsoString(agent.createdAt)}>{formatDate(agent.createdAt)}</time>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function CapabilityList({ names, total }: { names: string[]; total: number }) {
  if (total === 0) return <span className="text-ink-muted">None</span>;
  const more = total - names.length;
  return (
    <ul className="flex flex-wrap items-center gap-1">
      {names.map((name) => (
        <li key={name}>
          <Badge className="font-mono">{name}</Badge>
        </li>
      ))}
      {more > 0 ? <li className="text-xs text-ink-muted">+{more} more</li> : null}
    </ul>
  );
}
