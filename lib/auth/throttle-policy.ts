/**
 * Sign-in throttling policy (pure; the caller supplies the time). Per account (normalized email,
 * whether or not it exists, so the lockout reveals nothing about which emails are registered):
 *
 * - The first FREE_FAILURES consecutive failures cost nothing.
 * - Each failure after that locks the account for BASE_LOCK_MS, doubling with every further failure,
 *   capped at MAX_LOCK_MS: 30 s, 1 min, 2 min, 4 min … 15 min.
 * - While locked, attempts are refused without checking the password (and do not extend the lock).
 * - A successful sign-in clears the record.
 */
export const FREE_FAILURES = 5;
export const BASE_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

export interface ThrottleState {
  failures: number;
  lockedUntil: number | null;
}

/** Milliseconds the account stays locked after its `failures`-th consecutive failure. */
export function lockDurationMs(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  const doublings = failures - FREE_FAILURES - 1;
  return Math.min(BASE_LOCK_MS * 2 ** Math.min(doublings, 30), MAX_LOCK_MS);
}

/** Seconds until the account may try again, or 0 when it may try now. */
export function retryAfterSeconds(state: ThrottleState | null, now: number): number {
  if (!state?.lockedUntil || state.lockedUntil <= now) return 0;
  return Math.ceil((state.lockedUntil - now) / 1000);
}

export function afterFailure(state: ThrottleState | null, now: number): ThrottleState {
  const failures = (state?.failures ?? 0) + 1;
  const lock = lockDurationMs(failures);
  return { failures, lockedUntil: lock > 0 ? now + lock : null };
}

/** "30 seconds", "2 minutes", "1 minute". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
