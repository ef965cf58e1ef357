import Link from 'next/link';
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
import type { AgentListRow } from '@/lib/server/agent-list';
import { formatLatency, formatRatio, KIND_LABELS, KIND_SHORT_LABELS } from './agent-format';
import { DriftBadge } from './drift-badge';

export function AgentsTable({ agents }: { agents: AgentListRow[] }) {
  return (
    <Table>
      <TableCaption>Registered agents, newest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Agent</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Kind</TableHeaderCell>
          <TableHeaderCell>Capabilities</TableHeaderCell>
          <TableHeaderCell className="text-right">Uptime 24h</TableHeaderCell>
          <TableHeaderCell className="text-right">In flight</TableHeaderCell>
          <TableHeaderCell className="text-right">Success</TableHeaderCell>
          <TableHeaderCell className="text-right">Latency</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {agents.map((agent) => (
          <TableRow key={agent.id}>
            <TableCell>
              <Link
                href={`/agents/${agent.id}`}
                className="rounded-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
              >
                {agent.displayName}
              </Link>
              <p className="font-mono text-xs text-ink-muted">{agent.name}</p>
            </TableCell>
            <TableCell>
              <div className="flex flex-col items-start gap-1">
                <StatusBadge status={agent.status} />
                {agent.hasDrift ? <DriftBadge kind={agent.kind} /> : null}
              </div>
            </TableCell>
            <TableCell>
              <Badge title={KIND_LABELS[agent.kind]}>{KIND_SHORT_LABELS[agent.kind]}</Badge>
            </TableCell>
            <TableCell>
              <CapabilityList names={agent.capabilities} total={agent.capabilityCount} />
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatRatio(agent.uptime24h)}
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {agent.inFlight} / {agent.maxConcurrentTasks}
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatRatio(agent.successRate)}
            </TableCell>
            <TableCell className="text-right whitespace-nowrap tabular-nums">
              {formatLatency(agent.ewmaLatencyMs)}
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
