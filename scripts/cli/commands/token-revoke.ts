import { z } from 'zod';
import { revokeApiToken } from '@/lib/db/repositories/api-tokens';
import { recordAudit } from '@/lib/db/repositories/audit';
import { AppError } from '@/lib/errors';
import { defineCommand, UsageError } from '../command';
import { validateInput } from '../parse';

const RevokeSchema = z.object({
  id: z.uuid('Token ids are UUIDs, as shown by `token list`.'),
});

export const tokenRevoke = defineCommand({
  name: 'token revoke',
  summary: 'Revoke an API token (it stops working at once)',
  options: {},
  positionals: [{ name: 'id', description: 'The token id, from `token list`' }],
  examples: ['npm run baton -- token revoke 0196a0c4-7f1e-7c3a-9d2b-1f4e5a6b7c8d'],
  parse(_values, positionals) {
    const [id] = positionals;
    if (id === undefined)
      throw new UsageError('Missing <id>: the token to revoke (see `token list`).');
    return validateInput(RevokeSchema, { id }, { id: { flag: '<id>', isShown: true } });
  },
  async run({ id }, { io, session }) {
    const db = await session.db();
    if (!(await revokeApiToken(db, id))) {
      throw new AppError(
        'NOT_FOUND',
        `No active API token has the id ${id} (it was revoked already, or never existed).`,
      );
    }
    await recordAudit(db, {
      actor: 'cli',
      action: 'token.revoked',
      targetType: 'api_token',
      targetId: id,
    });
    io.out(`Revoked API token ${id}.`);
  },
});
