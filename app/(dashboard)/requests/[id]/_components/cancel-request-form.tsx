'use client';

import { useActionState, useState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-field';
import { cancelRequestAction } from '@/lib/actions/requests/cancel-request';

/** Cancel with a confirmation step and an optional reason; running calls are aborted. */
export function CancelRequestForm({ requestId }: { requestId: string }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [state, action, isPending] = useActionState(cancelRequestAction, null);
  const failure = state && !state.ok ? state.message : null;

  if (!isConfirming) {
    return (
      <Button variant="secondary" onClick={() => setIsConfirming(true)}>
        Cancel request
      </Button>
    );
  }
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label="Cancel this request"
      className="w-full space-y-3 rounded-md border border-status-failed/30 bg-status-failed/5 p-4"
    >
      <input type="hidden" name="requestId" value={requestId} />
      <p className="text-sm text-ink">
        Cancel this request? Tasks that have not started never will, and calls in flight are aborted
        (agents that support it are asked to stop). This cannot be undone.
      </p>
      <div className="space-y-1.5">
        <label htmlFor="cancel-reason" className="block text-sm font-medium text-ink">
          Reason <span className="font-normal text-ink-muted">(optional)</span>
        </label>
        <input
          id="cancel-reason"
          name="reason"
          maxLength={1000}
          autoComplete="off"
          className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500"
        />
      </div>
      <FormAlert message={failure} />
      <div className="flex gap-2">
        {/* Not Button: a destructive action gets its own colour, not the accent. */}
        <button
          type="submit"
          disabled={isPending}
          className="inline-flex items-center justify-center rounded-md bg-red-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {isPending ? 'Cancelling…' : 'Yes, cancel request'}
        </button>
        <Button variant="secondary" onClick={() => setIsConfirming(false)} disabled={isPending}>
          Keep it running
        </Button>
      </div>
    </form>
  );
}
