'use server';

import { redirect } from 'next/navigation';
import { viewerUserId } from '@/lib/auth/viewer';
import { SubmitRequestFormSchema } from '@/lib/schemas/requests';
import { submitRequest } from '@/lib/server/execution/submit';
import type { FormState } from '../result';
import { fieldsOf, runAction } from '../run-action';
import { requestAudit } from './shared';

const FIELDS = [
  'kind',
  'input',
  'workflow',
  'planner',
  'strategy',
  'budget',
  'requiresApproval',
  'deadlineSeconds',
] as const;

/** Submits the New request form (operator), audits it and opens the request's page. */
export async function submitRequestAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const result = await runAction({
    form: formData,
    name: 'submitRequest',
    role: 'operator',
    parse: () => SubmitRequestFormSchema.parse(fieldsOf(formData, FIELDS)),
    call: (input, { viewer, db }) =>
      submitRequest(db, input, { userId: viewerUserId(viewer), label: viewer.actor }),
    audit: ({ id }, input) =>
      requestAudit('request.submitted', id, {
        strategy: input.strategy ?? null,
        planner: input.workflow ? 'workflow' : (input.planner ?? 'heuristic'),
        requiresApproval: input.requiresApproval ?? false,
      }),
    revalidate: ['/requests', '/'],
    result: ({ id }) => id,
  });
  if (!result.ok) return result;
  redirect(`/requests/${result.data}`);
}
