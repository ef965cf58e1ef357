'use server';

import { AgentIdSchema } from '@/lib/schemas/agents';
import { acknowledgeDrift } from '@/lib/server/agents';
import { attributionOf } from '@/lib/server/attribution';
import type { FormState } from '../result';
import { runAction } from '../run-action';

/**
 * Clears the "Card changed" badge once an operator has looked at the new card (an MCP server's new
 * tool list becomes its capabilities).
 */
export async function acknowledgeDriftAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  return runAction({
    form: formData,
    name: 'acknowledgeDrift',
    role: 'operator',
    parse: () => AgentIdSchema.parse({ id: formData.get('agentId') }),
    call: ({ id }, { viewer, db }) => acknowledgeDrift(db, id, attributionOf(viewer)),
    revalidate: (_, { id }) => [`/agents/${id}`, '/agents'],
    result: () => ({ message: 'Card change acknowledged.' }),
  });
}
