'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, ok, rethrowNavigation, type FormState } from '@/lib/actions/result';
import { requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { attributionOf } from '@/lib/server/attribution';
import { decideProposal } from '@/lib/server/proposals';

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
  try {
    const { proposalId, decision } = DecideProposalSchema.parse({
      proposalId: formData.get('proposalId'),
      decision: formData.get('decision'),
    });
    const viewer = await requireActionRole('operator');
    const { status } = await decideProposal(getDb(), proposalId, decision, attributionOf(viewer));
    revalidatePath('/agents');
    revalidatePath('/');
    return ok({
      message: status === 'approved' ? 'Agent registered.' : 'Proposal rejected.',
    });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'decideProposal');
  }
}
