'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-field';
import { acknowledgeDriftAction } from '@/lib/actions/agents/acknowledge-drift';

/** Clears the "Card changed" badge once the operator has reviewed the agent's new card. */
export function AcknowledgeDriftForm({ agentId }: { agentId: string }) {
  const [state, action, isPending] = useActionState(acknowledgeDriftAction, null);
  return (
    <form action={action} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="agentId" value={agentId} />
      <Button type="submit" variant="secondary" disabled={isPending}>
        Acknowledge
      </Button>
      <FormAlert message={state && !state.ok ? state.message : null} />
    </form>
  );
}
