'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getClientIp } from '@/lib/auth/session';
import { getAuth } from '@/lib/auth/server';
import { createFirstAdmin } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';
import { SetupAdminSchema } from '@/lib/schemas/auth';
import { actionError, rethrowNavigation, type FormState, requireForm } from '../result';

/**
 * First-run setup: creates the first admin while no user exists (createFirstAdmin refuses
 * otherwise, atomically), signs them in and opens the dashboard. Public by necessity; harmless once
 * any user exists.
 */
export async function setupAdminAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  try {
    requireForm(formData);
    const input = SetupAdminSchema.parse({
      email: formData.get('email'),
      name: formData.get('name'),
      password: formData.get('password'),
      confirmPassword: formData.get('confirmPassword'),
    });
    const db = getDb();
    const admin = await createFirstAdmin(getAuth(), db, input);
    await recordAudit(db, {
      actor: `user:${admin.id}`,
      userId: admin.id,
      action: 'auth.setup_admin',
      targetType: 'user',
      targetId: admin.id,
      metadata: { email: admin.email },
      ipAddress: await getClientIp(),
    });
    await getAuth().api.signInEmail({
      body: { email: input.email, password: input.password },
      headers: await headers(),
    });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'setupAdmin');
  }
  redirect('/');
}
