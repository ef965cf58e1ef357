'use server';

import { z } from 'zod';
import { attributionOf } from '@/lib/server/attribution';
import { decideProposal } from '@/lib/server/proposals';
import type { FormState } from '../result';
import { runAction } from '../run-action';

const DecideProposalSchema = z.object({
  proposalId: z.uuid('Unknown proposal.'),
  decision: z.enum(['approve', 'reject'], { error: 'Choose Approve or Reject.' }),
});

/**
 * Approves (registers the proposed agent) or rejects an agent proposal from the LLM planner
 * (operator). The registration is audited by the registration path itself.
 */
export async function decideProposalAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  return runAction({
    form: formData,
    name: 'decideProposal',
    role: 'operator',
    parse: () =>
      DecideProposalSchema.parse({
        proposalId: formData.get('proposalId'),
        decision: formData.get('decision'),
      }),
    call: ({ proposalId, decision }, { viewer, db }) =>
      decideProposal(db, proposalId, decision, attributionOf(viewer)),
    revalidate: ['/agents', '/'],
    result: ({ status }) => ({
      message: status === 'approved' ? 'Agent registered.' : 'Proposal rejected.',
    }),
  });
}
