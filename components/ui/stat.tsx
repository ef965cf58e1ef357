import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

/** Column patterns; classes are written out in full so Tailwind finds them. */
const LAYOUTS = {
  /** Four across on wide screens, two on narrow ones. */
  row4: 'grid-cols-2 lg:grid-cols-4',
  /** Three across from the `sm` breakpoint. */
  row3: 'grid-cols-1 sm:grid-cols-3',
  /** A column beside a chart on wide screens, side by side on narrow ones. */
  stack: 'grid-cols-2 content-start lg:grid-cols-1',
} as const;

/** A row of key figures; a description list, so each value is read with its label. */
export function StatGrid({
  layout = 'row4',
  className,
  ...props
}: ComponentProps<'dl'> & { layout?: keyof typeof LAYOUTS }) {
  return <dl className={cn('grid gap-4', LAYOUTS[layout], className)} {...props} />;
}

export function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  /** For end-to-end tests that assert a figure read from the database. */
  testId?: string;
}) {
  return (
    <div className="rounded-lg border border-line bg-surface px-5 py-4 shadow-xs">
      <dt className="text-sm text-ink-muted">{label}</dt>
      <dd
        className="mt-1 text-2xl font-semibold tracking-tight text-ink tabular-nums"
        data-testid={testId}
      >
        {value}
      </dd>
      {hint ? <dd className="mt-1 text-xs text-ink-muted">{hint}</dd> : null}
    </div>
  );
}
