'use server';

import { redirect } from 'next/navigation';
import { unregisterAgent } from '@/lib/db/repositories/agent-mutations';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { attributionOf } from '@/lib/server/attribution';
import type { FormState } from '../result';
import { runAction } from '../run-action';

/**
 * Unregisters an agent (operator); its history is kept. Refused while it has tasks in flight — the
 * refusal's message says to drain it first.
 */
export async function unregisterAgentAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const result = await runAction({
    form: formData,
    name: 'unregisterAgent',
    role: 'operator',
    parse: () => AgentIdSchema.parse({ id: formData.get('agentId') }),
    call: ({ id }, { viewer, db }) => unregisterAgent(db, id, attributionOf(viewer)),
    revalidate: ['/agents', '/'],
    result: () => undefined,
  });
  if (!result.ok) return result;
  redirect('/agents');
}
