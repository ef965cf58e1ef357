import type { ApiTokenListItem } from '@/lib/db/repositories/api-tokens';

export type ApiTokenState = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: it is the more deliberate fact, and the one an admin acted on. */
export function apiTokenState(
  token: Pick<ApiTokenListItem, 'revokedAt' | 'expiresAt'>,
  now: Date,
): ApiTokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}

/**
 * How a token is recognised in lists: its stored prefix and an ellipsis, e.g. `baton_AbC123…`.
 * The prefix is all that is stored besides the hash, so nothing more could be shown anyway.
 */
export function formatTokenPrefix(prefix: string): string {
  return `${prefix}…`;
}
