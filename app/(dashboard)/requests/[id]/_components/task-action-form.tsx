'use client';

import { useActionState } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import type { TaskAction } from '@/lib/schemas/requests';
import { taskActionAction } from '@/lib/actions/requests/task-action';
import { TASK_ACTION_LABELS } from './task-actions';

/** One task's cancel / retry / skip buttons; a refusal is shown under them. */
export function TaskActionForm({
  requestId,
  taskId,
  taskRef,
  actions,
}: {
  requestId: string;
  taskId: string;
  taskRef: string;
  actions: TaskAction[];
}) {
  const [state, action, isPending] = useActionState(taskActionAction, null);
  return (
    <form
      action={action}
      onSubmit={submitWithoutReset(action)}
      aria-label={`Actions for task ${taskRef}`}
      className="space-y-1"
    >
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="taskId" value={taskId} />
      <div className="flex flex-wrap gap-1.5">
        {actions.map((name) => (
          <Button
            key={name}
            type="submit"
            name="action"
            value={name}
            variant="secondary"
            className="px-2.5 py-1 text-xs"
            disabled={isPending}
            aria-label={`${TASK_ACTION_LABELS[name]} task ${taskRef}`}
          >
            {TASK_ACTION_LABELS[name]}
          </Button>
        ))}
      </div>
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-status-failed">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
