'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-field';
import { StatusBadge } from '@/components/ui/status-badge';
import { changeAgentStatusAction } from '@/lib/actions/agents/change-agent-status';
import { AGENT_STATUSES, type AgentStatus } from '@/lib/engine';
import { humanize } from '@/lib/format';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { statusActionsFor } from './status-actions';

/** How often a draining agent is re-read until it reaches MAINTENANCE. */
const DRAIN_POLL_MS = 3_000;

const LiveAgentSchema = z.object({
  data: z.object({ status: z.enum(AGENT_STATUSES), inFlight: z.number() }),
});

async function fetchLiveStatus(agentId: string) {
  const response = await fetch(`/api/v1/agents/${agentId}`, {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`GET /api/v1/agents/${agentId} answered ${response.status}`);
  return LiveAgentSchema.parse(await response.json()).data;
}

type Intent = 'maintenance' | 'return' | 'other';

/**
 * The agent's status with the operator's controls. While the agent is DRAINING it polls the REST
 * API and refreshes the page once the drain is over, so viewers watching it see it finish too.
 */
export function AgentStatusPanel({
  agentId,
  status,
  statusReason,
  statusChangedAt,
  inFlight,
  canOperate,
}: {
  agentId: string;
  status: AgentStatus;
  statusReason: string | null;
  /** ISO time; keys the poll so each drain starts from fresh data. */
  statusChangedAt: string;
  inFlight: number;
  canOperate: boolean;
}) {
  const router = useRouter();
  const isDraining = status === 'DRAINING';
  const live = useQuery({
    queryKey: ['agents', agentId, 'drain', statusChangedAt],
    queryFn: () => fetchLiveStatus(agentId),
    enabled: isDraining,
    refetchInterval: DRAIN_POLL_MS,
    staleTime: 0,
  });
  const liveStatus = live.data?.status;
  useEffect(() => {
    // The drain finished (or someone called it off): re-render the page from the server.
    if (isDraining && liveStatus && liveStatus !== 'DRAINING') router.refresh();
  }, [isDraining, liveStatus, router]);

  const [intent, setIntent] = useState<Intent | null>(null);
  const [notice, setNotice] = useState('');
  const actions = statusActionsFor(status);
  const tasksInFlight = (isDraining ? live.data?.inFlight : undefined) ?? inFlight;

  return (
    <div className="space-y-4">
      <div>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={status} />
          {status === 'DRAINING' ? null : (
            <span className="text-sm text-ink-muted">
              {tasksInFlight} task{tasksInFlight === 1 ? '' : 's'} in flight
            </span>
          )}
        </div>
        {statusReason ? <p className="mt-2 text-sm text-ink-muted">{statusReason}</p> : null}
      </div>
      {isDraining ? (
        <p
          role="status"
          className="rounded-md border border-status-draining/30 bg-status-draining/5 px-3 py-2 text-sm text-ink"
        >
          Draining — {tasksInFlight} task{tasksInFlight === 1 ? '' : 's'} in flight; enters
          maintenance when they finish.
        </p>
      ) : null}
      {canOperate ? (
        <>
          <div className="flex flex-wrap gap-2">
            {actions.canPutIntoMaintenance ? (
              <Button
                variant="secondary"
                aria-expanded={intent === 'maintenance'}
                onClick={() => {
                  setIntent('maintenance');
                  setNotice('');
                }}
              >
                Put into maintenance
              </Button>
            ) : null}
            {actions.canReturnToService ? (
              <Button
                variant="secondary"
                aria-expanded={intent === 'return'}
                onClick={() => {
                  setIntent('return');
                  setNotice('');
                }}
              >
                Return to service
              </Button>
            ) : null}
            {actions.otherTargets.length ? (
              <Button
                variant="secondary"
                aria-expanded={intent === 'other'}
                onClick={() => {
                  setIntent('other');
                  setNotice('');
                }}
              >
                Change status
              </Button>
            ) : null}
          </div>
          {intent ? (
            <StatusChangeForm
              // A fresh form (empty reason, no old error) for each choice.
              key={intent}
              agentId={agentId}
              intent={intent}
              otherTargets={actions.otherTargets}
              onDone={(message) => {
                setIntent(null);
                setNotice(message ?? '');
              }}
            />
          ) : null}
          <p role="status" className="text-sm text-ink empty:hidden">
            {notice}
          </p>
        </>
      ) : null}
    </div>
  );
}

const INTENT_COPY = {
  maintenance: {
    title: 'Put into maintenance',
    hint: 'New work stops at once. Tasks in flight finish first (the agent shows Draining until then).',
  },
  return: { title: 'Return to service', hint: 'The agent is offered new work again.' },
  other: { title: 'Change status', hint: 'Only the changes the lifecycle allows are listed.' },
} as const satisfies Record<Intent, { title: string; hint: string }>;

function StatusChangeForm({
  agentId,
  intent,
  otherTargets,
  onDone,
}: {
  agentId: string;
  intent: Intent;
  otherTargets: AgentStatus[];
  onDone: (notice?: string) => void;
}) {
  const [state, action, isPending] = useActionState<
    Awaited<ReturnType<typeof changeAgentStatusAction>>,
    FormData
  >(async (previous, formData) => {
    const result = await changeAgentStatusAction(previous, formData);
    if (result?.ok) {
      // A drain is announced by the Draining banner itself; a second message would repeat it.
      onDone(result.data.draining ? '' : `Status changed to ${humanize(result.data.to)}.`);
    }
    return result;
  }, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const formError = state && !state.ok && !fieldErrors?.reason ? state.message : null;
  const copy = INTENT_COPY[intent];
  const titleId = `status-change-${intent}-title`;

  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      noValidate
      aria-labelledby={titleId}
      className="space-y-3 rounded-md border border-line bg-slate-50 p-4"
    >
      <p id={titleId} className="text-sm font-semibold text-ink">
        {copy.title}
      </p>
      <p className="text-sm text-ink-muted">{copy.hint}</p>
      <input type="hidden" name="agentId" value={agentId} />
      {intent === 'other' ? (
        <div className="space-y-1.5">
          <label htmlFor="status-change-target" className="block text-sm font-medium text-ink">
            New status
          </label>
          <select
            id="status-change-target"
            name="status"
            defaultValue={otherTargets[0]}
            className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs"
          >
            {otherTargets.map((target) => (
              <option key={target} value={target}>
                {humanize(target)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input
          type="hidden"
          name="status"
          value={intent === 'maintenance' ? 'MAINTENANCE' : 'ACTIVE'}
        />
      )}
      <div className="space-y-1.5">
        <label htmlFor="status-change-reason" className="block text-sm font-medium text-ink">
          Reason
        </label>
        <textarea
          id="status-change-reason"
          name="reason"
          rows={2}
          required
          maxLength={500}
          autoFocus
          aria-invalid={fieldErrors?.reason ? true : undefined}
          aria-describedby={
            fieldErrors?.reason ? 'status-change-reason-error' : 'status-change-reason-hint'
          }
          className="block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-xs"
        />
        {fieldErrors?.reason ? (
          <p id="status-change-reason-error" className="text-sm text-status-failed">
            {fieldErrors.reason}
          </p>
        ) : (
          <p id="status-change-reason-hint" className="text-xs text-ink-muted">
            Recorded in the status history.
          </p>
        )}
      </div>
      <FormAlert message={formError} />
      <div className="flex gap-2">
        <Button type="submit" disabled={isPending}>
          {isPending ? 'Saving…' : 'Confirm'}
        </Button>
        <Button variant="secondary" onClick={() => onDone()} disabled={isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
