'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getClientIp } from '@/lib/auth/session';
import { getAuth } from '@/lib/auth/server';
import { describeWait, normalizeEmail } from '@/lib/auth/throttle-policy';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';
import {
  clearSignInFailures,
  getSignInWait,
  recordSignInFailure,
} from '@/lib/db/repositories/sign-in-throttle';
import { AppError } from '@/lib/errors';
import { SignInSchema } from '@/lib/schemas/auth';
import { actionError, rethrowNavigation, type FormState, requireForm } from '../result';

const WRONG_CREDENTIALS = 'The email or password is not right.';

/**
 * Signs in with email and password. Throttled per account (lib/auth/throttle-policy.ts): while an
 * account is locked the password is not even checked, and the message says how long to wait.
 */
export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  try {
    requireForm(formData);
    const input = SignInSchema.parse({
      email: formData.get('email'),
      password: formData.get('password'),
    });
    const db = getDb();
    const key = normalizeEmail(input.email);
    const ipAddress = await getClientIp();

    const wait = await getSignInWait(db, key);
    if (wait > 0) throw lockedOut(wait);

    try {
      await getAuth().api.signInEmail({
        body: { email: input.email, password: input.password },
        headers: await headers(),
      });
    } catch {
      const lockedFor = await recordSignInFailure(db, key);
      await recordAudit(db, {
        actor: 'system',
        action: 'auth.sign_in_failed',
        metadata: { email: key },
        ipAddress,
      });
      if (lockedFor > 0) throw lockedOut(lockedFor);
      throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }

    await clearSignInFailures(db, key);
    const user = await db.user.findUnique({
      where: { email: key },
      select: { id: true, disabledAt: true },
    });
    if (!user || user.disabledAt) {
      await getAuth().api.signOut({ headers: await headers() });
      throw new AppError('FORBIDDEN', 'This account is disabled. Ask an admin to enable it.');
    }
    await recordAudit(db, {
      actor: `user:${user.id}`,
      userId: user.id,
      action: 'auth.sign_in',
      ipAddress,
    });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'signIn');
  }
  redirect(safeNextPath(formData.get('next')));
}

function lockedOut(seconds: number): AppError {
  return new AppError(
    'RATE_LIMITED',
    `Too many failed sign-in attempts for this account. Try again in ${describeWait(seconds)}.`,
    { retryAfterSeconds: seconds },
  );
}

/** Only same-site paths, never `//evil.example` or absolute URLs (open-redirect protection). */
function safeNextPath(value: FormDataEntryValue | null): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\')
  ) {
    return '/';
  }
  return value;
}
