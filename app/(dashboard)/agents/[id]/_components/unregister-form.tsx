'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-field';
import { unregisterAgentAction } from '@/lib/actions/agents/unregister-agent';

/** Unregister with a confirmation step; a refusal (tasks in flight) shows the server's reason. */
export function UnregisterForm({ agentId, agentName }: { agentId: string; agentName: string }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [state, action, isPending] = useActionState(unregisterAgentAction, null);
  const failure = state && !state.ok ? state.message : null;

  if (!isConfirming) {
    return (
      <Button variant="secondary" onClick={() => setIsConfirming(true)}>
        Unregister
      </Button>
    );
  }
  return (
    <form
      action={action}
      aria-label={`Unregister ${agentName}`}
      className="space-y-3 rounded-md border border-status-failed/30 bg-status-failed/5 p-4"
    >
      <input type="hidden" name="agentId" value={agentId} />
      <p className="text-sm text-ink">
        Unregister <span className="font-mono">{agentName}</span>? It stops receiving work and
        disappears from the agent list; its status history, health checks and tasks are kept. This
        is refused while it has tasks in flight.
      </p>
      <FormAlert message={failure} />
      <div className="flex gap-2">
        {/* Not Button: a destructive action gets its own colour, not the accent. */}
        <button
          type="submit"
          disabled={isPending}
          className="inline-flex items-center justify-center rounded-md bg-red-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {isPending ? 'Unregistering…' : 'Yes, unregister'}
        </button>
        <Button variant="secondary" onClick={() => setIsConfirming(false)} disabled={isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
