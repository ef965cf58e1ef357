'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { NewApiToken } from '@/lib/actions/settings/create-api-token';
import { ROLE_LABELS } from '@/lib/auth/roles';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The one and only showing of a new token's value. Only its hash is stored, so once this box is
 * dismissed or the page is left, nobody — admins included — can see the token again.
 */
export function NewTokenNotice({ token, onDone }: { token: NewApiToken; onDone: () => void }) {
  const [copyState, setCopyState] = useState<CopyState>('idle');
  const valueId = `token-value-${token.id}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopyState('copied');
    } catch {
      // No clipboard access (plain http on another host, or denied): the field stays selectable.
      setCopyState('failed');
    }
  }

  return (
    <section
      aria-labelledby={`${valueId}-heading`}
      className="space-y-3 rounded-md border border-status-degraded/40 bg-status-degraded/5 p-4"
    >
      <h3 id={`${valueId}-heading`} className="text-sm font-semibold text-ink">
        Token “{token.name}” created ({ROLE_LABELS[token.role]})
      </h3>
      <p className="text-sm text-ink">
        <strong>Copy it now: it will not be shown again.</strong> Baton stores only a hash of it, so
        a lost token cannot be recovered — revoke it and create a new one.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={valueId} className="sr-only">
          New API token
        </label>
        <input
          id={valueId}
          readOnly
          // Focus lands here when the box appears, with the token selected, ready to copy.
          autoFocus
          value={token.token}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-line bg-surface px-3 py-2 font-mono text-xs text-ink"
          spellCheck={false}
          autoComplete="off"
        />
        <Button variant="secondary" onClick={copy}>
          Copy token
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
      <p role="status" className="text-sm text-ink-muted empty:hidden">
        {copyState === 'copied'
          ? 'Copied to the clipboard.'
          : copyState === 'failed'
            ? 'Could not copy automatically: select the token and copy it yourself.'
            : null}
      </p>
    </section>
  );
}
