'use server';

import type { AuditAction } from '@/lib/db/repositories/audit';
import { TaskActionSchema, type TaskAction } from '@/lib/schemas/requests';
import { taskAction } from '@/lib/server/execution/control';
import type { FormState } from '../result';
import { fieldsOf, runAction } from '../run-action';
import { TaskRefSchema, requestAudit, requestPaths, type Notice } from './shared';

const TASK_AUDIT_ACTIONS = {
  cancel: 'task.cancelled',
  retry: 'task.retried',
  skip: 'task.skipped',
} as const satisfies Record<TaskAction, AuditAction>;

/** Cancels, retries or skips one task of a request (operator; also in the request's event log). */
export async function taskActionAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'taskAction',
    role: 'operator',
    parse: () => ({
      ...TaskRefSchema.parse(fieldsOf(formData, ['requestId', 'taskId'])),
      ...TaskActionSchema.parse(fieldsOf(formData, ['action'])),
    }),
    call: ({ requestId, taskId, action }, { viewer, db }) =>
      taskAction(db, requestId, taskId, action, viewer.actor),
    audit: (_, { requestId, taskId, action }) =>
      requestAudit(TASK_AUDIT_ACTIONS[action], requestId, { taskId, action }),
    revalidate: (_, { requestId }) => requestPaths(requestId),
    result: ({ status }) => ({ message: `Task ${status === 'ready' ? 'queued again' : status}.` }),
  });
}
