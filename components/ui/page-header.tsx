import type { Route } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

/** The page's one h1, with an optional description and actions. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{title}</h1>
        {description ? <p className="mt-1 text-sm text-ink-muted">{description}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

/** A section's h2 with an optional link to the page that has the details. */
export function SectionHeader({
  id,
  title,
  link,
}: {
  id: string;
  title: string;
  link?: { href: Route; label: string };
}) {
  return (
    <div className="mb-4 flex items-baseline justify-between gap-4">
      <h2 id={id} className="text-lg font-semibold text-ink">
        {title}
      </h2>
      {link ? (
        <Link
          href={link.href}
          className="rounded-sm text-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
        >
          {link.label}
        </Link>
      ) : null}
    </div>
  );
}
