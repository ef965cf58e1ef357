'use client';

import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { cn } from '@/components/ui/cn';
import { formatUsd } from '@/lib/engine';
import {
  STATUS_CUES,
  formatSpan,
  type BranchNodeData,
  type GroupNodeData,
  type LevelNodeData,
  type NodeStatus,
  type SynthesisNodeData,
  type TaskNodeData,
} from '@/lib/engine/graph';
import { humanize } from '@/lib/format';

/**
 * React Flow node components of the execution graph. Each status has a colour (tokens in
 * app/globals.css) and, so colour is never the only cue, a symbol, its name in words and a border
 * style (STATUS_CUES). Below 45 % zoom nodes draw only their ref and status: with hundreds of nodes
 * on screen the detail is unreadable anyway and costs paint time.
 */

export const NODE_SIZES = {
  task: { width: 232, height: 108 },
  branch: { width: 184, height: 64 },
  group: { width: 200, height: 64 },
  synthesis: { width: 200, height: 76 },
  level: { width: 240, height: 112 },
} as const;

/** Written out in full so Tailwind finds the classes. */
export const STATUS_CLASSES = {
  pending: 'border-status-inactive bg-surface',
  ready: 'border-status-planning bg-status-planning/5',
  running: 'border-status-running bg-status-running/10',
  retrying: 'border-status-awaiting-approval bg-status-awaiting-approval/10',
  succeeded: 'border-status-succeeded bg-status-succeeded/10',
  failed: 'border-status-failed bg-status-failed/10',
  cancelled: 'border-status-cancelled bg-slate-100',
  skipped: 'border-status-inactive bg-slate-50',
} as const satisfies Record<NodeStatus, string>;

const BORDER_CLASSES = {
  solid: 'border-solid border-2',
  dashed: 'border-dashed border-2',
  dotted: 'border-dotted border-2',
  double: 'border-double border-4',
} as const;

/** Hex of each status (the same tokens) for the minimap, which draws SVG rectangles. */
export const STATUS_HEX = {
  pending: '#64748b',
  ready: '#0284c7',
  running: '#4f46e5',
  retrying: '#d97706',
  succeeded: '#16a34a',
  failed: '#dc2626',
  cancelled: '#64748b',
  skipped: '#94a3b8',
} as const satisfies Record<NodeStatus, string>;

export function statusBox(status: NodeStatus): string {
  return cn(STATUS_CLASSES[status], BORDER_CLASSES[STATUS_CUES[status].border]);
}

export function StatusCue({ status, className }: { status: NodeStatus; className?: string }) {
  const cue = STATUS_CUES[status];
  return (
    <span className={cn('inline-flex items-center gap-1 text-xs font-medium text-ink', className)}>
      <span aria-hidden="true">{cue.symbol}</span>
      {cue.label}
    </span>
  );
}

const isCompact = (state: { transform: [number, number, number] }) => state.transform[2] < 0.45;

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="opacity-0" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="opacity-0" />
    </>
  );
}

export function TaskNode({ data, selected }: NodeProps & { data: TaskNodeData }) {
  const compact = useStore(isCompact);
  const marks: string[] = [];
  if (data.marks.retries > 0) marks.push(`↻ retried ×${data.marks.retries}`);
  if (data.marks.fallback)
    marks.push(`⇄ ${data.marks.fallback.planned} → ${data.marks.fallback.actual}`);
  if (data.marks.waiting) marks.push('⏳ waiting for an agent');
  if (data.mode !== 'single') marks.push(`${humanize(data.mode)} ×${data.branchCount}`);
  return (
    <div
      className={cn(
        'flex h-full w-full flex-col justify-between rounded-md px-2.5 py-1.5 text-left text-ink shadow-xs',
        statusBox(data.status),
        selected && 'ring-2 ring-accent-500 ring-offset-1',
      )}
      style={NODE_SIZES.task}
    >
      <Handles />
      <div className="flex items-center justify-between gap-2">
        <span className="truncate font-mono text-xs font-semibold">{data.ref}</span>
        <StatusCue status={data.status} className="shrink-0" />
      </div>
      {compact ? null : (
        <>
          <p className="truncate text-xs text-ink-muted" title={data.label}>
            {data.capability} · {data.agent ?? 'no agent yet'}
          </p>
          <p className="text-xs tabular-nums">
            {data.attempts === 0 ? 'no attempt' : `attempt ${data.attempts}`} · max{' '}
            {data.maxAttempts} · {formatSpan(data.durationMs)} ·{' '}
            {formatUsd(BigInt(data.costMicros))}
          </p>
          <p className="truncate text-xs font-medium text-ink" title={marks.join(' · ')}>
            {marks.join(' · ') || '\u00a0'}
          </p>
        </>
      )}
    </div>
  );
}

export function BranchNode({ data, selected }: NodeProps & { data: BranchNodeData }) {
  const compact = useStore(isCompact);
  return (
    <div
      className={cn(
        'flex h-full w-full flex-col justify-between rounded-md px-2 py-1 text-left text-ink',
        statusBox(data.status),
        selected && 'ring-2 ring-accent-500 ring-offset-1',
      )}
      style={NODE_SIZES.branch}
    >
      <Handles />
      <div className="flex items-center justify-between gap-2">
        <span className="truncate text-xs font-semibold">{data.agent}</span>
        <StatusCue status={data.status} className="shrink-0" />
      </div>
      {compact ? null : (
        <p className="truncate text-xs tabular-nums">
          #{data.attempt} · {formatSpan(data.durationMs)} · {formatUsd(BigInt(data.costMicros))}
          {data.vote !== null ? (
            <span className="font-medium">
              {' '}
              · vote “{data.vote}”{data.isWinner ? ' ★ winner' : ''}
            </span>
          ) : null}
        </p>
      )}
    </div>
  );
}

export function GroupNode({ data, selected }: NodeProps & { data: GroupNodeData }) {
  const summary = Object.entries(data.counts)
    .map(([status, count]) => `${count} ${STATUS_CUES[status as NodeStatus].label.toLowerCase()}`)
    .join(', ');
  return (
    <div
      className={cn(
        'flex h-full w-full flex-col justify-center rounded-md border-2 border-dashed border-accent-500 bg-accent-50 px-2 py-1 text-left text-ink',
        selected && 'ring-2 ring-accent-500 ring-offset-1',
      )}
      style={NODE_SIZES.group}
    >
      <Handles />
      <span className="text-xs font-semibold">▸ {data.branches} branches</span>
      <span className="truncate text-xs" title={summary}>
        {summary}
      </span>
      <span className="text-xs text-accent-700">Press Enter or click to expand</span>
    </div>
  );
}

export function SynthesisNode({ data, selected }: NodeProps & { data: SynthesisNodeData }) {
  return (
    <div
      className={cn(
        'flex h-full w-full flex-col justify-center gap-1 rounded-full px-4 py-1 text-left text-ink',
        statusBox(data.status),
        selected && 'ring-2 ring-accent-500 ring-offset-1',
      )}
      style={NODE_SIZES.synthesis}
    >
      <Handles />
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-semibold">Synthesis</span>
        <StatusCue status={data.status} />
      </div>
      <span className="truncate text-xs text-ink-muted">
        {data.synthesizedBy ? `by ${data.synthesizedBy}` : 'combines the final steps'}
      </span>
    </div>
  );
}

export function LevelNode({ data }: NodeProps & { data: LevelNodeData }) {
  const parts = Object.entries(data.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => (
      <li key={status} className="flex items-center justify-between gap-2">
        <StatusCue status={status as NodeStatus} />
        <span className="tabular-nums">{count}</span>
      </li>
    ));
  return (
    <div
      className="flex h-full w-full flex-col rounded-md border-2 border-solid border-line bg-surface px-2.5 py-1.5 text-left text-ink"
      style={NODE_SIZES.level}
    >
      <Handles />
      <span className="text-xs font-semibold">
        Level {data.depth + 1}: {data.tasks.toLocaleString('en-US')} tasks
      </span>
      <ul className="mt-1 space-y-0.5 overflow-hidden text-xs">{parts}</ul>
    </div>
  );
}

export const NODE_TYPES = {
  task: TaskNode,
  branch: BranchNode,
  group: GroupNode,
  synthesis: SynthesisNode,
  level: LevelNode,
};
