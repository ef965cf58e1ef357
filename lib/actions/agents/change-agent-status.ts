'use server';

import { revalidatePath } from 'next/cache';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { changeAgentStatus, type StatusChange } from '@/lib/db/repositories/agent-mutations';
import { AgentIdSchema, ChangeAgentStatusSchema } from '@/lib/schemas/agents';
import { attributionOf } from '@/lib/server/attribution';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';

/**
 * Moves an agent through its status lifecycle (operator). Maintenance asked for while tasks run
 * answers `to: DRAINING`: the agent enters MAINTENANCE by itself when they finish.
 */
export async function changeAgentStatusAction(
  _previous: FormState<StatusChange>,
  formData: FormData,
): Promise<FormState<StatusChange>> {
  try {
    const { id } = AgentIdSchema.parse({ id: formData.get('agentId') });
    const { status, reason } = ChangeAgentStatusSchema.parse({
      status: formData.get('status'),
      reason: formData.get('reason'),
    });
    const viewer = await requireActionRole('operator');
    const change = await changeAgentStatus(
      getDb(),
      id,
      { to: status, reason },
      attributionOf(viewer),
    );
    revalidatePath(`/agents/${id}`);
    revalidatePath('/agents');
    revalidatePath('/');
    return ok(change);
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'changeAgentStatus');
  }
}
