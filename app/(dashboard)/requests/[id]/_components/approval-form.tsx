'use client';

import { useActionState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-field';
import { decideApprovalAction } from '@/lib/actions/requests/decide-approval';

/** Approve (the plan starts) or reject (the request is cancelled), with an optional reason. */
export function ApprovalForm({ requestId }: { requestId: string }) {
  const [state, action, isPending] = useActionState(decideApprovalAction, null);
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label="Approve or reject the plan"
      className="space-y-3"
    >
      <input type="hidden" name="requestId" value={requestId} />
      <div className="space-y-1.5">
        <label htmlFor="approval-reason" className="block text-sm font-medium text-ink">
          Reason <span className="font-normal text-ink-muted">(optional)</span>
        </label>
        <input
          id="approval-reason"
          name="reason"
          maxLength={1000}
          autoComplete="off"
          aria-describedby="approval-reason-hint"
          className="block w-full max-w-xl rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs focus-visible:outline-accent-500"
        />
        <p id="approval-reason-hint" className="text-xs text-ink-muted">
          Recorded in the request’s events and the audit log.
        </p>
      </div>
      <FormAlert message={state && !state.ok ? state.message : null} />
      <div className="flex gap-2">
        <Button type="submit" name="decision" value="approve" disabled={isPending}>
          Approve
        </Button>
        <Button
          type="submit"
          name="decision"
          value="reject"
          variant="secondary"
          disabled={isPending}
        >
          Reject
        </Button>
      </div>
    </form>
  );
}
