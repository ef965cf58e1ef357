import { createHash, randomBytes } from 'node:crypto';
import type { UserRole } from '@/lib/engine';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/**
 * API tokens: `baton_` + 32 random bytes (base64url). Only a SHA-256 of the token is stored — a
 * fast hash is right here because the token is 256 bits of randomness (nothing to brute-force),
 * and it keeps per-request authentication to one indexed lookup.
 */
export const TOKEN_PREFIX = 'baton_';
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** last_used_at is written at most this often per token (not on every request). */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreatedApiToken {
  id: string;
  name: string;
  role: UserRole;
  /** The token itself: shown once, never stored. */
  token: string;
  prefix: string;
  createdAt: Date;
  /** Null: never expires. */
  expiresAt: Date | null;
}

export async function createApiToken(
  db: PrismaClient,
  input: { name: string; role: UserRole; createdById?: string | null; expiresAt?: Date | null },
): Promise<CreatedApiToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = token.slice(0, DISPLAY_PREFIX_LENGTH);
  const record = await db.apiToken.create({
    data: {
      name: input.name.trim(),
      role: input.role,
      prefix,
      tokenHash: hashApiToken(token),
      createdById: input.createdById ?? null,
      expiresAt: input.expiresAt ?? null,
    },
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, expiresAt: true },
  });
  return { ...record, token };
}

export interface AuthenticatedToken {
  id: string;
  name: string;
  role: UserRole;
}

/** The live (not revoked, not expired) token with this value, or null. Updates last-used time. */
export async function authenticateApiToken(
  db: PrismaClient,
  token: string,
  now: Date = new Date(),
): Promise<AuthenticatedToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const record = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      name: true,
      role: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
    },
  });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return { id: record.id, name: record.name, role: record.role };
}

export interface ApiTokenListItem {
  id: string;
  name: string;
  prefix: string;
  role: UserRole;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export async function findApiTokens(
  db: PrismaClient,
  request: PageRequest,
): Promise<Page<ApiTokenListItem>> {
  const pageSize = clampPageSize(request.pageSize);
  const total = await db.apiToken.count();
  const page = clampPage(request.page, total, pageSize);
  const rows = await db.apiToken.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
    },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const items = rows.map(({ createdBy, ...row }) => ({
    ...row,
    createdBy: createdBy?.email ?? null,
  }));
  return { items, total, page, pageSize };
}

/** Revokes a token; returns false when it does not exist or was already revoked. */
export async function revokeApiToken(
  db: PrismaClient,
  id: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await db.apiToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: now },
  });
  return result.count === 1;
}
