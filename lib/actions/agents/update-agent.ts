'use server';

import { redirect } from 'next/navigation';
import { getAgentDetail } from '@/lib/db/repositories/agents';
import { AppError } from '@/lib/errors';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { editAgent } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';
import type { FormState } from '../result';
import { runAction } from '../run-action';
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
  const result = await runAction({
    form: formData,
    name: 'updateAgent',
    role: 'operator',
    parse: () => AgentIdSchema.parse({ id: agentId }),
    call: async ({ id }, { viewer, db }) => {
      const current = await getAgentDetail(db, id);
      if (!current) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
      const validation = validateUpdateForm(formData, current);
      if (!validation.ok) {
        throw new AppError('VALIDATION_FAILED', 'Some fields need attention.', {
          fields: validation.fieldErrors,
        });
      }
      const changed = Object.keys(validation.payload).length > 0;
      if (changed) await editAgent(db, id, validation.payload, attributionOf(viewer));
      return { changed };
    },
    revalidate: ({ changed }, { id }) => (changed ? [`/agents/${id}`, '/agents', '/'] : []),
    result: (_, { id }) => id,
  });
  if (!result.ok) return result;
  redirect(`/agents/${result.data}`);
}
