'use client';

import { useActionState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-field';
import { decideProposalAction } from '@/lib/actions/agents/decide-proposal';

/** Approve (registers the agent) or reject one proposal; a refusal shows the server's reason. */
export function ProposalDecisionForm({ proposalId, name }: { proposalId: string; name: string }) {
  const [state, action, isPending] = useActionState(decideProposalAction, null);
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label={`Decide on ${name}`}
      className="space-y-2"
    >
      <input type="hidden" name="proposalId" value={proposalId} />
      <div className="flex gap-2">
        <Button
          type="submit"
          name="decision"
          value="approve"
          className="px-3 py-1.5"
          disabled={isPending}
          aria-label={`Approve ${name}`}
        >
          Approve
        </Button>
        <Button
          type="submit"
          name="decision"
          value="reject"
          variant="secondary"
          className="px-3 py-1.5"
          disabled={isPending}
          aria-label={`Reject ${name}`}
        >
          Reject
        </Button>
      </div>
      <FormAlert message={state && !state.ok ? state.message : null} />
    </form>
  );
}
