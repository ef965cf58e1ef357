'use client';

import { useEffect } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Unexpected failures while rendering a page. The thrown error's text is never shown: it may carry
 * internal details (and in production Next.js replaces server errors' messages anyway). The digest
 * lets an operator find the matching entry in the server log.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <div role="alert" className="rounded-lg border border-line bg-surface px-6 py-10 text-center">
      <h1 className="text-xl font-semibold text-ink">Something went wrong</h1>
      <p className="mt-2 text-sm text-ink-muted">
        An unexpected error stopped this page from loading. Try again; if it keeps happening, check
        the server log.
      </p>
      {digest ? (
        <p className="mt-2 text-xs text-ink-muted">
          Reference for the server log: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <Button className="mt-6" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
