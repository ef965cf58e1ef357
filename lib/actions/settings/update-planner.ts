'use server';

import { z } from 'zod';
import { getClientIp } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { PLANNER_SETTING_KEY } from '@/lib/server/execution/plan';
import { saveSetting } from '@/lib/server/settings';
import type { FormState } from '../result';
import { runAction } from '../run-action';

const PlannerSettingSchema = z.object({
  /** Blank means no LLM planner: `llm` requests fall back to the heuristic planner. */
  agentId: z.union([z.literal(''), z.uuid('Choose an agent from the list.')], {
    error: 'Choose an agent from the list.',
  }),
});

/**
 * Chooses the openai-kind agent the LLM planner calls (admin), stored as the `planner` setting
 * `{ agentId }` that lib/server/execution/plan.ts reads for every `llm` request.
 */
export async function updatePlannerAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  return runAction({
    form: formData,
    name: 'updatePlanner',
    role: 'admin',
    parse: () => PlannerSettingSchema.parse({ agentId: formData.get('agentId') ?? '' }),
    call: async ({ agentId }, { viewer, db }) => {
      const agent = agentId
        ? await db.agent.findFirst({
            where: { id: agentId, kind: 'openai', deletedAt: null },
            select: { id: true, name: true },
          })
        : null;
      if (agentId && !agent) {
        throw new AppError('VALIDATION_FAILED', 'That agent cannot plan.', {
          fields: {
            agentId:
              'Choose a registered OpenAI-compatible agent; this one is gone or of another kind.',
          },
        });
      }
      await saveSetting(
        db,
        PLANNER_SETTING_KEY,
        { agentId: agent?.id ?? null },
        {
          viewer,
          ipAddress: await getClientIp(),
          metadata: { agentId: agent?.id ?? null, agentName: agent?.name ?? null },
        },
      );
      return agent;
    },
    revalidate: ['/settings'],
    result: (agent) => ({
      message: agent
        ? `The LLM planner now uses ${agent.name}.`
        : 'No LLM planner: LLM requests are planned by the heuristic planner.',
    }),
  });
}
