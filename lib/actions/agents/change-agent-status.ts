'use server';

import { changeAgentStatus, type StatusChange } from '@/lib/db/repositories/agent-mutations';
import { AgentIdSchema, ChangeAgentStatusSchema } from '@/lib/schemas/agents';
import { attributionOf } from '@/lib/server/attribution';
import type { FormState } from '../result';
import { runAction } from '../run-action';

/**
 * Moves an agent through its status lifecycle (operator). Maintenance asked for while tasks run
 * answers `to: DRAINING`: the agent enters MAINTENANCE by itself when they finish.
 */
export async function changeAgentStatusAction(
  _previous: FormState<StatusChange>,
  formData: FormData,
): Promise<FormState<StatusChange>> {
  return runAction({
    form: formData,
    name: 'changeAgentStatus',
    role: 'operator',
    parse: () => ({
      ...AgentIdSchema.parse({ id: formData.get('agentId') }),
      ...ChangeAgentStatusSchema.parse({
        status: formData.get('status'),
        reason: formData.get('reason'),
      }),
    }),
    call: ({ id, status, reason }, { viewer, db }) =>
      changeAgentStatus(db, id, { to: status, reason }, attributionOf(viewer)),
    revalidate: (_, { id }) => [`/agents/${id}`, '/agents', '/'],
    result: (change) => change,
  });
}
