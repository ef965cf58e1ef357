import type { ComponentProps } from 'react';
import { cn } from './cn';

/** A small neutral label (kinds, strategies, tags). Status values use `StatusBadge`. */
export function Badge({ className, ...props }: ComponentProps<'span'>) {
  return (
    <span
      className={cn(
        'inline-flex items-center rounded-md bg-slate-100 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-slate-700 ring-1 ring-slate-200 ring-inset',
        className,
      )}
      {...props}
    />
  );
}
