'use server';

import type { UserRole } from '@/lib/engine';
import { viewerUserId } from '@/lib/auth/viewer';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { CreateApiTokenSchema } from '@/lib/schemas/auth';
import type { FormState } from '../result';
import { runAction } from '../run-action';

export interface NewApiToken {
  id: string;
  name: string;
  role: UserRole;
  /**
   * The token itself. This response is the only place it ever appears: the database keeps only
   * its hash, and it is neither audited nor logged.
   */
  token: string;
}

/** Creates an API token (admin) and hands its value back exactly once. */
export async function createApiTokenAction(
  _previous: FormState<NewApiToken>,
  formData: FormData,
): Promise<FormState<NewApiToken>> {
  return runAction({
    form: formData,
    name: 'createApiToken',
    role: 'admin',
    parse: () =>
      CreateApiTokenSchema.parse({
        name: formData.get('name'),
        role: formData.get('role'),
        expiresAt: formData.get('expiresAt') ?? undefined,
      }),
    call: (input, { viewer, db }) =>
      createApiToken(db, { ...input, createdById: viewerUserId(viewer) }),
    audit: (created) => ({
      action: 'token.created',
      targetType: 'api_token',
      targetId: created.id,
      metadata: { name: created.name, role: created.role, expiresAt: created.expiresAt },
    }),
    revalidate: ['/settings/tokens'],
    result: (created) => ({
      id: created.id,
      name: created.name,
      role: created.role,
      token: created.token,
    }),
  });
}
