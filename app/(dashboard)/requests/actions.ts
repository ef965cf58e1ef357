'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionError, ok, rethrowNavigation, type FormState } from '@/lib/actions/result';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId, type Viewer } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import { recordAudit, type AuditAction } from '@/lib/db/repositories/audit';
import { AppError, fieldErrorsFrom } from '@/lib/errors';
import {
  ApproveRequestSchema,
  CancelRequestSchema,
  SubmitRequestFormSchema,
  TaskActionSchema,
  type TaskAction,
} from '@/lib/schemas/requests';
import { cancelRequest, decideApproval, taskAction } from '@/lib/server/execution/control';
import { submitRequest } from '@/lib/server/execution/submit';
import { RequestIdSchema, TaskRefSchema } from './[id]/_components/request-params';

/**
 * The Requests pages' server actions (operator): submit, cancel, approve or reject, and the
 * per-node cancel / retry / skip. Each parses, authorizes, calls the execution engine, revalidates
 * and returns. Submission, cancellation and the approval decision are recorded in the audit log
 * like the agent lifecycle changes, and so are the node actions (also in the request's event log).
 */

interface Notice {
  message: string;
}

/** FormData values as the schemas expect them: absent fields undefined, so defaults apply. */
function fieldsOf(formData: FormData, keys: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(
    keys.map((key) => {
      const value = formData.get(key);
      return [key, typeof value === 'string' ? value : undefined];
    }),
  );
}

async function audit(
  viewer: Viewer,
  action: AuditAction,
  requestId: string,
  metadata: Prisma.InputJsonObject,
) {
  await recordAudit(getDb(), {
    actor: viewer.actor,
    userId: viewerUserId(viewer),
    action,
    targetType: 'request',
    targetId: requestId,
    metadata,
    ipAddress: await getClientIp(),
  });
}

function revalidateRequest(id: string) {
  revalidatePath(`/requests/${id}`);
  revalidatePath('/requests');
  revalidatePath('/');
}

/** Submits the New request form and opens the request's page. */
export async function submitRequestAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  let id: string;
  try {
    const viewer = await requireActionRole('operator');
    const parsed = SubmitRequestFormSchema.safeParse(
      fieldsOf(formData, [
        'kind',
        'input',
        'workflow',
        'planner',
        'strategy',
        'budget',
        'requiresApproval',
        'deadlineSeconds',
      ]),
    );
    if (!parsed.success) {
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention.',
        fieldErrors: fieldErrorsFrom(parsed.error.issues),
      };
    }
    const submitted = await submitRequest(getDb(), parsed.data, {
      userId: viewerUserId(viewer),
      label: viewer.actor,
    });
    id = submitted.id;
    await audit(viewer, 'request.submitted', id, {
      strategy: parsed.data.strategy ?? null,
      planner: parsed.data.workflow ? 'workflow' : (parsed.data.planner ?? 'heuristic'),
      requiresApproval: parsed.data.requiresApproval ?? false,
    });
    revalidatePath('/requests');
    revalidatePath('/');
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'submitRequest');
  }
  redirect(`/requests/${id}`);
}

/** Cancels a request that has not finished; running calls are aborted. */
export async function cancelRequestAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const viewer = await requireActionRole('operator');
    const { id } = RequestIdSchema.parse({ id: formData.get('requestId') });
    const { reason } = CancelRequestSchema.parse(fieldsOf(formData, ['reason']));
    await cancelRequest(getDb(), id, viewer.actor, reason || undefined);
    await audit(viewer, 'request.cancelled', id, { reason: reason || null });
    revalidateRequest(id);
    return ok({ message: 'Request cancelled.' });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'cancelRequest');
  }
}

/** Approves the plan of a request awaiting approval (it starts) or rejects it (it is cancelled). */
export async function decideApprovalAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const viewer = await requireActionRole('operator');
    const { id } = RequestIdSchema.parse({ id: formData.get('requestId') });
    // The REST body defaults to approve; a form must say which button was pressed.
    if (!['approve', 'reject'].includes(String(formData.get('decision')))) {
      throw new AppError('VALIDATION_FAILED', 'Choose Approve or Reject.');
    }
    const { decision, reason } = ApproveRequestSchema.parse(
      fieldsOf(formData, ['decision', 'reason']),
    );
    await decideApproval(getDb(), id, decision, viewer.actor, reason || undefined);
    await audit(viewer, decision === 'approve' ? 'request.approved' : 'request.rejected', id, {
      reason: reason || null,
    });
    revalidateRequest(id);
    return ok({ message: decision === 'approve' ? 'Plan approved.' : 'Plan rejected.' });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'decideApproval');
  }
}

const TASK_AUDIT_ACTIONS = {
  cancel: 'task.cancelled',
  retry: 'task.retried',
  skip: 'task.skipped',
} as const satisfies Record<TaskAction, AuditAction>;

/** Cancels, retries or skips one task of a request. */
export async function taskActionAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  try {
    const viewer = await requireActionRole('operator');
    const { requestId, taskId } = TaskRefSchema.parse(fieldsOf(formData, ['requestId', 'taskId']));
    const { action } = TaskActionSchema.parse(fieldsOf(formData, ['action']));
    const { status } = await taskAction(getDb(), requestId, taskId, action, viewer.actor);
    await audit(viewer, TASK_AUDIT_ACTIONS[action], requestId, { taskId, action });
    revalidateRequest(requestId);
    return ok({ message: `Task ${status === 'ready' ? 'queued again' : status}.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'taskAction');
  }
}
