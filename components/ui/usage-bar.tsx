import { cn } from './cn';

/** "42 %" with a bar; the bar caps at full width, the number does not. */
export function UsageBar({ percent }: { percent: number }) {
  const tone =
    percent >= 100
      ? 'bg-status-failed'
      : percent >= 80
        ? 'bg-status-awaiting-approval'
        : 'bg-accent-600';
  return (
    <span className="inline-flex items-center justify-end gap-2">
      <span
        aria-hidden="true"
        className="inline-block h-1.5 w-16 overflow-hidden rounded-full bg-slate-100"
      >
        <span
          className={cn('block h-full', tone)}
          style={{ width: `${Math.min(percent, 100)}%` }}
        />
      </span>
      <span>{percent} %</span>
    </span>
  );
}
