import type { Metadata } from 'next';
import { ButtonLink } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <div className="rounded-lg border border-line bg-surface px-6 py-10 text-center">
      <p className="text-sm font-semibold text-accent-600">404</p>
      <h1 className="mt-1 text-xl font-semibold text-ink">Page not found</h1>
      <p className="mt-2 text-sm text-ink-muted">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <ButtonLink href="/" className="mt-6">
        Back to Overview
      </ButtonLink>
    </div>
  );
}
