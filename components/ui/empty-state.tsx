import type { Route } from 'next';
import type { ReactNode } from 'react';
import { ButtonLink } from './button';
import { cn } from './cn';

/** What an empty list or chart shows instead: what is missing and what to do next. */
export function EmptyState({
  title,
  description,
  action,
  as: Heading = 'h3',
  headingId,
  className,
}: {
  title: string;
  description: ReactNode;
  action?: { href: Route; label: string };
  as?: 'h2' | 'h3';
  /** For a surrounding `<section aria-labelledby>`. */
  headingId?: string;
  className?: string;
}) {
  return (
    <div
      className={cn(
        'flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-surface px-6 py-10 text-center',
        className,
      )}
    >
      <Heading id={headingId} className="text-base font-semibold text-ink">
        {title}
      </Heading>
      <div className="mt-2 max-w-prose text-sm text-ink-muted">{description}</div>
      {action ? (
        <ButtonLink href={action.href} variant="secondary" className="mt-5">
          {action.label}
        </ButtonLink>
      ) : null}
    </div>
  );
}
