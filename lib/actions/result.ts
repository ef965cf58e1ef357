import { ZodError } from 'zod';
import { AppError, fieldErrorsFrom, isAppError, type ErrorCode } from '@/lib/errors';
import { logger } from '@/lib/logger';

/** What every server action returns: expected failures are values, not exceptions. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> };

/** The initial state for `useActionState` (nothing submitted yet). */
export type FormState<T = undefined> = ActionResult<T> | null;

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

/** Maps a thrown error to an action failure; unknown errors are logged once and made generic. */
export function actionError(error: unknown, action: string): ActionResult<never> {
  if (isAppError(error)) {
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.fields && { fieldErrors: error.fields }),
    };
  }
  if (error instanceof ZodError) {
    return {
      ok: false,
      code: 'VALIDATION_FAILED',
      message: 'Some fields need attention.',
      fieldErrors: fieldErrorsFrom(error.issues),
    };
  }
  logger.error({ err: error, action }, 'unhandled error in server action');
  return {
    ok: false,
    code: 'INTERNAL',
    message: 'Something went wrong on our side. It has been logged.',
  };
}

/** Re-throws Next.js control flow (redirect(), notFound()) that must not be turned into a result. */
export function rethrowNavigation(error: unknown): void {
  const digest = (error as { digest?: unknown })?.digest;
  if (
    typeof digest === 'string' &&
    (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'))
  ) {
    throw error;
  }
}

/**
 * The FormData a form action was called with. A crafted call can pass anything in its place (a
 * number, an object: `npm run chaos -- fuzz`), which would otherwise fail as a TypeError
 * (`formData.get is not a function`) and be logged as an unexpected error.
 */
export function requireForm(value: unknown): FormData {
  if (value instanceof FormData) return value;
  throw new AppError('MALFORMED_REQUEST', 'This action takes the fields of its form.');
}
