'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, ok, rethrowNavigation, type FormState } from '@/lib/actions/result';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { RoutingStrategySchema } from '@/lib/schemas/requests';
import { AppError } from '@/lib/errors';
import { EMBEDDINGS_SETTING_KEY } from '@/lib/server/execution/embeddings';
import { DEFAULT_STRATEGY_SETTING_KEY } from '@/lib/server/execution/submit';
import { saveSetting } from '@/lib/server/settings';

const RoutingSettingSchema = z.object({ strategy: RoutingStrategySchema });

/**
 * Sets the routing strategy of requests that name none (admin): the `routing` setting
 * `{ strategy }`, read by submitRequest (REST and A2A submissions; the form preselects it).
 */
export async function updateRoutingDefaultAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  try {
    const viewer = await requireActionRole('admin');
    const { strategy } = RoutingSettingSchema.parse({ strategy: formData.get('strategy') });
    await saveSetting(
      getDb(),
      DEFAULT_STRATEGY_SETTING_KEY,
      { strategy },
      {
        viewer,
        ipAddress: await getClientIp(),
      },
    );
    revalidatePath('/settings');
    revalidatePath('/requests');
    return ok({ message: `Requests without a strategy are now routed by ${strategy}.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateRoutingDefault');
  }
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
  try {
    const viewer = await requireActionRole('admin');
    const { agentId, model } = EmbeddingsSettingSchema.parse({
      agentId: formData.get('agentId') ?? '',
      model: formData.get('model') ?? '',
    });
    const db = getDb();
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
    revalidatePath('/settings');
    return ok({
      message: agentId
        ? `Semantic routing now embeds with ${model}.`
        : 'Semantic routing ranks with BM25 (no embeddings).',
    });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateEmbeddings');
  }
}
