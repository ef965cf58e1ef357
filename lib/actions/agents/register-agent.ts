'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { registerAgent } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';
import { actionError, rethrowNavigation, type FormState } from '../result';
import { validateRegisterForm } from './register-form';

/**
 * Registers an agent from the register form (operator) and opens its page. A2A agents have their
 * card read here, so an unreachable card comes back as an `endpointUrl` field error.
 */
export async function registerAgentAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  let id: string;
  try {
    const validation = validateRegisterForm(formData);
    if (!validation.ok) {
      return {
        ok: false,
        code: 'VALIDATION_FAILED',
        message: 'Some fields need attention.',
        fieldErrors: validation.fieldErrors,
      };
    }
    const viewer = await requireActionRole('operator');
    ({ id } = await registerAgent(getDb(), validation.payload, attributionOf(viewer)));
    revalidatePath('/agents');
    revalidatePath('/');
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'registerAgent');
  }
  redirect(`/agents/${id}`);
}
