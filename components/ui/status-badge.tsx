import type { AgentStatus, AttemptStatus, RequestStatus, TaskStatus } from '@/lib/engine';
import { humanize } from '@/lib/format';
import { cn } from './cn';

/** Every status Baton shows: agents, requests, tasks and attempts. */
export type Status = AgentStatus | RequestStatus | TaskStatus | AttemptStatus;

/**
 * Colour per status (tokens in app/globals.css). Class names are written out in full so Tailwind
 * finds them; the label is always shown next to the dot, so status never relies on colour alone.
 */
const STYLES = {
  ACTIVE: { dot: 'bg-status-active', tint: 'bg-status-active/10 ring-status-active/30' },
  DEGRADED: { dot: 'bg-status-degraded', tint: 'bg-status-degraded/10 ring-status-degraded/30' },
  DRAINING: { dot: 'bg-status-draining', tint: 'bg-status-draining/10 ring-status-draining/30' },
  MAINTENANCE: {
    dot: 'bg-status-maintenance',
    tint: 'bg-status-maintenance/10 ring-status-maintenance/30',
  },
  INACTIVE: { dot: 'bg-status-inactive', tint: 'bg-status-inactive/10 ring-status-inactive/30' },
  FAILED: { dot: 'bg-status-failed', tint: 'bg-status-failed/10 ring-status-failed/30' },
  planning: { dot: 'bg-status-planning', tint: 'bg-status-planning/10 ring-status-planning/30' },
  awaiting_approval: {
    dot: 'bg-status-awaiting-approval',
    tint: 'bg-status-awaiting-approval/10 ring-status-awaiting-approval/30',
  },
  running: { dot: 'bg-status-running', tint: 'bg-status-running/10 ring-status-running/30' },
  succeeded: {
    dot: 'bg-status-succeeded',
    tint: 'bg-status-succeeded/10 ring-status-succeeded/30',
  },
  failed: { dot: 'bg-status-failed', tint: 'bg-status-failed/10 ring-status-failed/30' },
  cancelled: {
    dot: 'bg-status-cancelled',
    tint: 'bg-status-cancelled/10 ring-status-cancelled/30',
  },
  // Task-only statuses (a task is also running, succeeded, failed or cancelled, as above).
  pending: { dot: 'bg-status-inactive', tint: 'bg-status-inactive/10 ring-status-inactive/30' },
  ready: { dot: 'bg-status-planning', tint: 'bg-status-planning/10 ring-status-planning/30' },
  retrying: {
    dot: 'bg-status-awaiting-approval',
    tint: 'bg-status-awaiting-approval/10 ring-status-awaiting-approval/30',
  },
  skipped: { dot: 'bg-status-inactive', tint: 'bg-slate-100 ring-slate-300' },
} satisfies Record<Status, { dot: string; tint: string }>;

export function StatusBadge({ status, className }: { status: Status; className?: string }) {
  const style = STYLES[status];
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap text-ink ring-1 ring-inset',
        style.tint,
        className,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', style.dot)} />
      {humanize(status)}
    </span>
  );
}
