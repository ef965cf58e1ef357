'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getAgentDetail } from '@/lib/db/repositories/agents';
import { AppError } from '@/lib/errors';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { editAgent } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';
import { actionError, rethrowNavigation, type FormState } from '../result';
import { validateUpdateForm } from './update-form';

/**
 * Saves the edit agent form (operator) and returns to the agent's page. Only changed fields are
 * sent; a moved A2A agent has its card re-read, so an unreachable card is an `endpointUrl` error.
 */
export async function updateAgentAction(
  agentId: string,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  let id: string;
  try {
    ({ id } = AgentIdSchema.parse({ id: agentId }));
    const viewer = await requireActionRole('operator');
    const db = getDb();
    const current = await getAgentDetail(db, id);
    if (!current) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
    const validation = validateUpdateForm(formData, current);
    if (!validation.ok) {
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention.',
        fieldErrors: validation.fieldErrors,
      };
    }
    if (Object.keys(validation.payload).length > 0) {
      await editAgent(db, id, validation.payload, attributionOf(viewer));
      revalidatePath(`/agents/${id}`);
      revalidatePath('/agents');
      revalidatePath('/');
    }
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateAgent');
  }
  redirect(`/agents/${id}`);
}
