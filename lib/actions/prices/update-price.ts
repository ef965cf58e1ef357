'use server';

import { z } from 'zod';
import { viewerUserId } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { updatePrice } from '@/lib/server/budget/prices';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from '../settings/notice';
import { validateUpdatePriceForm } from './price-form';

const IdSchema = z.uuid('The price id must be a UUID.');

/** Changes one price's input and output prices from Settings → Pricing (admin; audited). */
export async function updatePriceAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'updatePrice',
    role: 'admin',
    parse: () => {
      const id = IdSchema.safeParse(formData.get('id'));
      if (!id.success) throw new AppError('VALIDATION_FAILED', 'The price id must be a UUID.');
      const result = validateUpdatePriceForm(formData);
      if (!result.ok) {
        throw new AppError('VALIDATION_FAILED', 'Some fields need attention.', {
          fields: result.fieldErrors,
        });
      }
      return { id: id.data, input: result.input };
    },
    call: ({ id, input }, { db, viewer }) =>
      updatePrice(db, id, input, { actor: viewer.actor, userId: viewerUserId(viewer) }),
    revalidate: ['/settings/pricing'],
    result: (price) => ({ message: `Saved the price for ${price.provider} / ${price.model}.` }),
  });
}
