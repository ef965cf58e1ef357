'use server';

import { revalidatePath } from 'next/cache';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { acknowledgeCardDrift } from '@/lib/db/repositories/agent-mutations';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { attributionOf } from '@/lib/server/attribution';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';

/** Clears an A2A agent's "Card changed" badge once an operator has looked at the new card. */
export async function acknowledgeDriftAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  try {
    const { id } = AgentIdSchema.parse({ id: formData.get('agentId') });
    const viewer = await requireActionRole('operator');
    await acknowledgeCardDrift(getDb(), id, attributionOf(viewer));
    revalidatePath(`/agents/${id}`);
    revalidatePath('/agents');
    return ok({ message: 'Card change acknowledged.' });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'acknowledgeDrift');
  }
}
