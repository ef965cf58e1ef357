'use server';

import { redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { registerAgent } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import { validateRegisterForm } from './register-form';

/**
 * Registers an agent from the register form (operator) and opens its page. A2A agents have their
 * card read here, so an unreachable card comes back as an `endpointUrl` field error.
 */
export async function registerAgentAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const result = await runAction({
    form: formData,
    name: 'registerAgent',
    role: 'operator',
    parse: () => {
      const validation = validateRegisterForm(formData);
      if (!validation.ok) {
        throw new AppError('VALIDATION_FAILED', 'Some fields need attention.', {
          fields: validation.fieldErrors,
        });
      }
      return validation.payload;
    },
    call: (payload, { viewer, db }) => registerAgent(db, payload, attributionOf(viewer)),
    revalidate: ['/agents', '/'],
    result: ({ id }) => id,
  });
  if (!result.ok) return result;
  redirect(`/agents/${result.data}`);
}
