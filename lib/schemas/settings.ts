import { z } from 'zod';

/**
 * Settings forms beyond those in lib/schemas/auth.ts (CreateUserSchema, CreateApiTokenSchema and
 * UpdateUserRoleSchema are reused from there as they are).
 */

export const SetUserDisabledSchema = z.object({
  userId: z.uuid('Unknown user.'),
  /** A form value: "true" disables, "false" enables. */
  disabled: z.stringbool({ error: 'Say whether to disable or enable the user.' }),
});

export const RevokeApiTokenSchema = z.object({ tokenId: z.uuid('Unknown token.') });
