'use client';

import { useActionState, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { revokeApiTokenAction } from '@/lib/actions/settings/revoke-api-token';
import { FormStatus } from '../../_components/form-status';

/**
 * Revoke in two steps, because it cannot be undone: "Revoke" asks, "Confirm revoke" does it.
 * Focus follows the step so keyboard users are not dropped at the top of the page. Stays mounted
 * once the token is revoked (without buttons) so the outcome stays on screen, and in the same
 * live region, after the refresh.
 */
export function RevokeTokenForm({
  tokenId,
  describedBy,
  isRevoked,
}: {
  tokenId: string;
  describedBy: string;
  isRevoked: boolean;
}) {
  const [state, action, isPending] = useActionState(revokeApiTokenAction, null);
  const [isConfirming, setIsConfirming] = useState(false);
  const revokeRef = useRef<HTMLButtonElement>(null);

  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="tokenId" value={tokenId} />
      {isRevoked ? (
        state ? null : (
          <span className="text-ink-muted">—</span>
        )
      ) : isConfirming ? (
        <div className="flex items-center gap-2">
          <Button
            type="submit"
            className="px-3 py-1.5"
            disabled={isPending}
            aria-describedby={describedBy}
            autoFocus
          >
            Confirm revoke
          </Button>
          <Button
            variant="secondary"
            className="px-3 py-1.5"
            disabled={isPending}
            onClick={() => {
              setIsConfirming(false);
              // After React re-renders the single "Revoke" button.
              requestAnimationFrame(() => revokeRef.current?.focus());
            }}
          >
            Cancel
          </Button>
        </div>
      ) : (
        <Button
          ref={revokeRef}
          variant="secondary"
          className="px-3 py-1.5"
          aria-describedby={describedBy}
          onClick={() => setIsConfirming(true)}
        >
          Revoke
        </Button>
      )}
      <FormStatus state={state} />
    </form>
  );
}
