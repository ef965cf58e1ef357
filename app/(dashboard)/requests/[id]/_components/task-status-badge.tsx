import { cn } from '@/components/ui/cn';
import type { AttemptStatus, TaskStatus } from '@/lib/engine';
import { humanize } from '@/lib/format';

/**
 * Task and attempt statuses in the look of `StatusBadge` (which covers agents and requests).
 * Class names are written out in full so Tailwind finds them; the label is always shown.
 */
const STYLES = {
  pending: { dot: 'bg-status-inactive', tint: 'bg-status-inactive/10 ring-status-inactive/30' },
  ready: { dot: 'bg-status-planning', tint: 'bg-status-planning/10 ring-status-planning/30' },
  running: { dot: 'bg-status-running', tint: 'bg-status-running/10 ring-status-running/30' },
  retrying: {
    dot: 'bg-status-awaiting-approval',
    tint: 'bg-status-awaiting-approval/10 ring-status-awaiting-approval/30',
  },
  succeeded: {
    dot: 'bg-status-succeeded',
    tint: 'bg-status-succeeded/10 ring-status-succeeded/30',
  },
  failed: { dot: 'bg-status-failed', tint: 'bg-status-failed/10 ring-status-failed/30' },
  cancelled: {
    dot: 'bg-status-cancelled',
    tint: 'bg-status-cancelled/10 ring-status-cancelled/30',
  },
  skipped: { dot: 'bg-status-inactive', tint: 'bg-slate-100 ring-slate-300' },
} satisfies Record<TaskStatus | AttemptStatus, { dot: string; tint: string }>;

export function TaskStatusBadge({ status }: { status: TaskStatus | AttemptStatus }) {
  const style = STYLES[status];
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap text-ink ring-1 ring-inset',
        style.tint,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', style.dot)} />
      {humanize(status)}
    </span>
  );
}
