'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { unregisterAgent } from '@/lib/db/repositories/agent-mutations';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { attributionOf } from '@/lib/server/attribution';
import { actionError, rethrowNavigation, type FormState } from '../result';

/**
 * Unregisters an agent (operator); its history is kept. Refused while it has tasks in flight — the
 * refusal's message says to drain it first.
 */
export async function unregisterAgentAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  try {
    const { id } = AgentIdSchema.parse({ id: formData.get('agentId') });
    const viewer = await requireActionRole('operator');
    await unregisterAgent(getDb(), id, attributionOf(viewer));
    revalidatePath('/agents');
    revalidatePath('/');
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'unregisterAgent');
  }
  redirect('/agents');
}
