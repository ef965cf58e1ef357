'use server';

import { z } from 'zod';
import { viewerUserId } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { deletePrice } from '@/lib/server/budget/prices';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from '../settings/notice';

const IdSchema = z.uuid('The price id must be a UUID.');

/** Deletes one price from Settings → Pricing (admin; audited). */
export async function deletePriceAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'deletePrice',
    role: 'admin',
    parse: () => IdSchema.parse(formData.get('id')),
    call: async (id, { db, viewer }) => {
      // Read first only so the message can say which price it was; deletePrice checks again.
      const price = await db.modelPrice.findUnique({
        where: { id },
        select: { provider: true, model: true, effectiveFrom: true },
      });
      if (!price) throw new AppError('NOT_FOUND', 'This price no longer exists.');
      await deletePrice(db, id, { actor: viewer.actor, userId: viewerUserId(viewer) });
      return price;
    },
    revalidate: ['/settings/pricing'],
    result: (price) => ({
      message: `Deleted the price for ${price.provider} / ${price.model} from ${formatDate(price.effectiveFrom)}.`,
    }),
  });
}
