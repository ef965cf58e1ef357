'use client';

import { useSyncExternalStore } from 'react';
import { cn } from '@/components/ui/cn';
import { elapsedVsTimeout } from './request-view';

const subscribeClock = (onTick: () => void) => {
  const timer = setInterval(onTick, 1_000);
  return () => clearInterval(timer);
};
const clockNow = () => Math.floor(Date.now() / 1_000) * 1_000;
const noClock = () => null;

/**
 * A running attempt's elapsed time against its timeout, ticking every second: "12 s of 1m 00s"
 * with a meter that turns amber past 80 % and red at the timeout. Renders nothing on the server
 * (the clock is the browser's), so hydration never disagrees.
 */
export function ElapsedTimer({
  startedAt,
  timeoutMs,
  className,
}: {
  /** Epoch ms. */
  startedAt: number;
  timeoutMs: number;
  className?: string;
}) {
  const now = useSyncExternalStore(subscribeClock, clockNow, noClock);
  if (now === null) return null;
  const view = elapsedVsTimeout(startedAt, now, timeoutMs);
  const percent = Math.round(view.fraction * 100);
  return (
    <span className={cn('inline-flex items-center gap-1.5 text-xs tabular-nums', className)}>
      <span
        role="meter"
        aria-label="Elapsed time against the attempt timeout"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={view.text}
        className="inline-block h-1.5 w-12 overflow-hidden rounded-full bg-slate-200"
      >
        <span
          className={cn(
            'block h-full rounded-full',
            view.overdue
              ? 'bg-status-failed'
              : view.fraction >= 0.8
                ? 'bg-amber-500'
                : 'bg-status-running',
          )}
          style={{ width: `${percent}%` }}
        />
      </span>
      <span className={view.overdue ? 'text-status-failed' : 'text-ink-muted'}>
        <span className="sr-only">Elapsed </span>
        {view.text}
      </span>
    </span>
  );
}
