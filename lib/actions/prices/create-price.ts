'use server';

import { viewerUserId } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { createPrice } from '@/lib/server/budget/prices';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from '../settings/notice';
import { validateCreatePriceForm } from './price-form';

/** Adds a model price from Settings → Pricing (admin); audited by lib/server/budget/prices.ts. */
export async function createPriceAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'createPrice',
    role: 'admin',
    parse: () => {
      const result = validateCreatePriceForm(formData);
      if (!result.ok) {
        throw new AppError('VALIDATION_FAILED', 'Some fields need attention.', {
          fields: result.fieldErrors,
        });
      }
      return result.input;
    },
    call: (input, { db, viewer }) =>
      createPrice(db, input, { actor: viewer.actor, userId: viewerUserId(viewer) }),
    revalidate: ['/settings/pricing'],
    result: (price) => ({
      message: `Added the price for ${price.provider} / ${price.model} from ${formatDate(new Date(price.effectiveFrom))}.`,
    }),
  });
}
