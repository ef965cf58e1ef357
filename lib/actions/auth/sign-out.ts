'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getClientIp, getSessionViewer } from '@/lib/auth/session';
import { getAuth } from '@/lib/auth/server';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';

/** Ends the session (deletes it server-side and clears the cookie). */
export async function signOutAction(): Promise<void> {
  const viewer = await getSessionViewer();
  await getAuth().api.signOut({ headers: await headers() });
  if (viewer?.kind === 'user') {
    await recordAudit(getDb(), {
      actor: viewer.actor,
      userId: viewer.id,
      action: 'auth.sign_out',
      ipAddress: await getClientIp(),
    });
  }
  redirect('/sign-in');
}
