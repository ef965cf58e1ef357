'use server';

import { CancelRequestSchema } from '@/lib/schemas/requests';
import { cancelRequest } from '@/lib/server/execution/control';
import type { FormState } from '../result';
import { fieldsOf, runAction } from '../run-action';
import { RequestIdSchema, requestAudit, requestPaths, type Notice } from './shared';

/** Cancels a request that has not finished (operator); running calls are aborted. */
export async function cancelRequestAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'cancelRequest',
    role: 'operator',
    parse: () => ({
      ...RequestIdSchema.parse({ id: formData.get('requestId') }),
      ...CancelRequestSchema.parse(fieldsOf(formData, ['reason'])),
    }),
    call: ({ id, reason }, { viewer, db }) =>
      cancelRequest(db, id, viewer.actor, reason || undefined),
    audit: (_, { id, reason }) => requestAudit('request.cancelled', id, { reason: reason || null }),
    revalidate: (_, { id }) => requestPaths(id),
    result: () => ({ message: 'Request cancelled.' }),
  });
}
