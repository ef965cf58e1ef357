'use server';

import { revokeApiToken } from '@/lib/db/repositories/api-tokens';
import { AppError } from '@/lib/errors';
import { RevokeApiTokenSchema } from '@/lib/schemas/settings';
import type { FormState } from '../result';
import { runAction } from '../run-action';
import type { Notice } from './notice';

/** Revokes an API token (admin); it stops working on its next request. */
export async function revokeApiTokenAction(
  _previous: FormState<Notice>,
  formData: FormData,
): Promise<FormState<Notice>> {
  return runAction({
    form: formData,
    name: 'revokeApiToken',
    role: 'admin',
    parse: () => RevokeApiTokenSchema.parse({ tokenId: formData.get('tokenId') }),
    call: async ({ tokenId }, { db }) => {
      // The name is read first only so the audit entry and the message can say which token it was.
      const token = await db.apiToken.findUnique({
        where: { id: tokenId },
        select: { name: true },
      });
      if (!token) throw new AppError('NOT_FOUND', 'This token no longer exists.');
      if (!(await revokeApiToken(db, tokenId))) {
        throw new AppError('CONFLICT', `The token “${token.name}” is already revoked.`);
      }
      return token;
    },
    audit: (token, { tokenId }) => ({
      action: 'token.revoked',
      targetType: 'api_token',
      targetId: tokenId,
      metadata: { name: token.name },
    }),
    revalidate: ['/settings/tokens'],
    result: (token) => ({ message: `Revoked the token “${token.name}”.` }),
  });
}
