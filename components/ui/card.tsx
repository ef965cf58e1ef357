import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export function Card({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      className={cn(
        'overflow-hidden rounded-lg border border-line bg-surface shadow-xs',
        className,
      )}
      {...props}
    />
  );
}

/** A card's title row. `as` keeps the heading outline right wherever the card sits. */
export function CardHeader({
  title,
  description,
  action,
  as: Heading = 'h3',
  id,
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  as?: 'h2' | 'h3';
  id?: string;
}) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-2 border-b border-line px-5 py-4">
      <div>
        <Heading id={id} className="text-sm font-semibold text-ink">
          {title}
        </Heading>
        {description ? <p className="mt-1 text-sm text-ink-muted">{description}</p> : null}
      </div>
      {action}
    </div>
  );
}

export function CardBody({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('px-5 py-4', className)} {...props} />;
}
