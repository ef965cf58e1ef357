import type { ComponentProps } from 'react';
import { cn } from './cn';

/** A table that scrolls sideways inside its own box on narrow screens instead of the whole page. */
export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div className="overflow-x-auto">
      <table className={cn('w-full border-collapse text-left text-sm', className)} {...props} />
    </div>
  );
}

/** Every table gets a caption for screen readers; `visible` shows it too. */
export function TableCaption({
  visible = false,
  className,
  ...props
}: ComponentProps<'caption'> & { visible?: boolean }) {
  return (
    <caption
      className={cn(visible ? 'px-5 py-3 text-left text-sm text-ink-muted' : 'sr-only', className)}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: ComponentProps<'thead'>) {
  return <thead className={cn('border-b border-line bg-slate-50', className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<'tbody'>) {
  return <tbody className={cn('divide-y divide-line', className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cn('align-top', className)} {...props} />;
}

export function TableHeaderCell({ className, scope = 'col', ...props }: ComponentProps<'th'>) {
  return (
    <th
      scope={scope}
      className={cn(
        'px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-ink-muted uppercase first:pl-5 last:pr-5',
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-4 py-3 text-ink first:pl-5 last:pr-5', className)} {...props} />;
}
