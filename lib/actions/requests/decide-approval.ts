'use server';

import { AppError } from '@/lib/errors';
import { ApproveRequestSchema } from '@/lib/schemas/requests';
import { decideApproval } from '@/lib/server/execution/control';
import type { FormState } from '../result';
import { fieldsOf, runAction } from '../run-action';
import { RequestIdSchema, requestAudit, requestPaths, type Notice } from './shared';

/** Approves the plan of a request awaiting approval (it starts) or rejects it (it is cancelled). */
export async function decideApprovalAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'decideApproval',
    role: 'operator',
    parse: () => {
      // The REST body defaults to approve; a form must say which button was pressed.
      if (!['approve', 'reject'].includes(String(formData.get('decision')))) {
        throw new AppError('VALIDATION_FAILED', 'Choose Approve or Reject.');
      }
      return {
        ...RequestIdSchema.parse({ id: formData.get('requestId') }),
        ...ApproveRequestSchema.parse(fieldsOf(formData, ['decision', 'reason'])),
      };
    },
    call: ({ id, decision, reason }, { viewer, db }) =>
      decideApproval(db, id, decision, viewer.actor, reason || undefined),
    audit: (_, { id, decision, reason }) =>
      requestAudit(decision === 'approve' ? 'request.approved' : 'request.rejected', id, {
        reason: reason || null,
      }),
    revalidate: (_, { id }) => requestPaths(id),
    result: (_, { decision }) => ({
      message: decision === 'approve' ? 'Plan approved.' : 'Plan rejected.',
    }),
  });
}
