'use server';

import { revalidatePath } from 'next/cache';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { acknowledgeDrift } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';
import { actionError, ok, rethrowNavigation, type FormState } from '../result';

/**
 * Clears the "Card changed" badge once an operator has looked at the new card (an MCP server's new
 * tool list becomes its capabilities).
 */
export async function acknowledgeDriftAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  try {
    const { id } = AgentIdSchema.parse({ id: formData.get('agentId') });
    const viewer = await requireActionRole('operator');
    await acknowledgeDrift(getDb(), id, attributionOf(viewer));
    revalidatePath(`/agents/${id}`);
    revalidatePath('/agents');
    return ok({ message: 'Card change acknowledged.' });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'acknowledgeDrift');
  }
}
