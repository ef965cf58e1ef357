import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { pageAccessFor } from './access-matrix';
import { hasRole, isUserRole, type UserRole } from './roles';
import { getAuth } from './server';
import type { Viewer } from './viewer';
import { envVar } from '@/lib/env';

/**
 * The signed-in user of this request, or null. Reads the session cookie through better-auth (which
 * checks the signed token against the `sessions` table) and the user's current role and status
 * from the database — a role change or a disabled account takes effect on the next request.
 * Cached per request.
 */
export const getSessionViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) return null;
  const user = await getDb().user.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true },
  });
  if (!user || user.disabledAt || !isUserRole(user.role)) return null;
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    actor: `user:${user.id}`,
  };
});

/** Any signed-in user, or a redirect to sign-in (used by the dashboard layout). */
export async function requireSignedIn(): Promise<Viewer> {
  const viewer = await getSessionViewer();
  if (!viewer) redirect('/sign-in');
  return viewer;
}

/**
 * Guards a page: looks its requirement up in PAGE_ACCESS, redirects anonymous visitors to sign-in
 * (coming back afterwards) and answers 403 to roles below it. Call first thing in every page.
 */
export async function requirePageAccess(route: string): Promise<Viewer> {
  const access = pageAccessFor(route);
  const viewer = await getSessionViewer();
  if (!viewer) {
    redirect(`/sign-in?next=${encodeURIComponent(route)}`);
  }
  if (access !== 'public' && !hasRole(viewer.role, access)) forbidden();
  return viewer;
}

/** Guards a server action (a public endpoint): throws UNAUTHENTICATED / FORBIDDEN. */
export async function requireActionRole(role: UserRole): Promise<Viewer> {
  const viewer = await getSessionViewer();
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.');
  if (!hasRole(viewer.role, role)) {
    throw new AppError(
      'FORBIDDEN',
      `This needs the ${role} role; you are signed in as ${viewer.role}.`,
    );
  }
  return viewer;
}

/** The client's address, as far as it can be known (only from a proxy Baton is told to trust). */
export async function getClientIp(): Promise<string | null> {
  if (envVar('BATON_TRUST_PROXY') !== '1') return null;
  const forwarded = (await headers()).get('x-forwarded-for');
  return forwarded?.split(',')[0]?.trim() || null;
}
