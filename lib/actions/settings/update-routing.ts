'use server';

import { z } from 'zod';
import { getClientIp } from '@/lib/auth/session';
import { RoutingStrategySchema } from '@/lib/schemas/requests';
import { AppError } from '@/lib/errors';
import { EMBEDDINGS_SETTING_KEY } from '@/lib/server/execution/embeddings';
import { DEFAULT_STRATEGY_SETTING_KEY } from '@/lib/server/execution/submit';
import { saveSetting } from '@/lib/server/settings';
import type { FormState } from '../result';
import { runAction } from '../run-action';

const RoutingSettingSchema = z.object({ strategy: RoutingStrategySchema });

/**
 * Sets the routing strategy of requests that name none (admin): the `routing` setting
 * `{ strategy }`, read by submitRequest (REST and A2A submissions; the form preselects it).
 */
export async function updateRoutingDefaultAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  return runAction({
    form: formData,
    name: 'updateRoutingDefault',
    role: 'admin',
    parse: () => RoutingSettingSchema.parse({ strategy: formData.get('strategy') }),
    call: async ({ strategy }, { viewer, db }) =>
      saveSetting(
        db,
        DEFAULT_STRATEGY_SETTING_KEY,
        { strategy },
        { viewer, ipAddress: await getClientIp() },
      ),
    revalidate: ['/settings', '/requests'],
    result: (_, { strategy }) => ({
      message: `Requests without a strategy are now routed by ${strategy}.`,
    }),
  });
}

const EmbeddingsSettingSchema = z.object({
  /** Blank: semantic routing ranks with BM25. */
  agentId: z.union([z.literal(''), z.uuid('Choose an agent from the list.')]),
  model: z.string().trim().max(200, 'Use at most 200 characters.'),
});

/**
 * Chooses the OpenAI-compatible endpoint and model semantic routing embeds texts with (admin), as the
 * `embeddings` setting `{ agentId, model }` (lib/server/execution/embeddings.ts); blank turns it off.
 */
export async function updateEmbeddingsAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  return runAction({
    form: formData,
    name: 'updateEmbeddings',
    role: 'admin',
    parse: () =>
      EmbeddingsSettingSchema.parse({
        agentId: formData.get('agentId') ?? '',
        model: formData.get('model') ?? '',
      }),
    call: async ({ agentId, model }, { viewer, db }) => {
      if (agentId) {
        const agent = await db.agent.findFirst({
          where: { id: agentId, kind: 'openai', deletedAt: null },
          select: { id: true },
        });
        if (!agent) {
          throw new AppError('VALIDATION_FAILED', 'That agent cannot embed.', {
            fields: { agentId: 'Choose a registered OpenAI-compatible agent.' },
          });
        }
        if (!model) {
          throw new AppError('VALIDATION_FAILED', 'Name the embedding model.', {
            fields: {
              model: 'Enter the embedding model, e.g. text-embedding-3-small or nomic-embed-text.',
            },
          });
        }
      }
      await saveSetting(
        db,
        EMBEDDINGS_SETTING_KEY,
        agentId ? { agentId, model } : { agentId: null, model: null },
        { viewer, ipAddress: await getClientIp() },
      );
    },
    revalidate: ['/settings'],
    result: (_, { agentId, model }) => ({
      message: agentId
        ? `Semantic routing now embeds with ${model}.`
        : 'Semantic routing ranks with BM25 (no embeddings).',
    }),
  });
}
