import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import {
  authenticateApiToken,
  createApiToken,
  findApiTokens,
  hashApiToken,
  revokeApiToken,
  TOKEN_PREFIX,
} from './api-tokens';

const db = createTestDb();
const now = new Date(Date.UTC(2026, 2, 1, 12));

afterAll(async () => {
  await db.$disconnect();
});

async function lastUsedAt(id: string) {
  return (await db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } }))
    .lastUsedAt;
}

describe('createApiToken', () => {
  it('returns the token once and stores only its hash and display prefix', async () => {
    const created = await createApiToken(db, { name: uniqueName('ci'), role: 'operator' });
    expect(created.token).toMatch(/^baton_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, TOKEN_PREFIX.length + 6));

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    expect(row.tokenHash).not.toContain(created.token.slice(TOKEN_PREFIX.length));
    // No column holds the token: it cannot be read back from the database.
    expect(JSON.stringify(row)).not.toContain(created.token);

    const listed = await findApiTokens(db, { page: 1, pageSize: 100 });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
  });

  it('makes a different token every time', async () => {
    const a = await createApiToken(db, { name: 'same', role: 'viewer' });
    const b = await createApiToken(db, { name: 'same', role: 'viewer' });
    expect(a.token).not.toBe(b.token);
  });
});

describe('authenticateApiToken', () => {
  it('accepts a live token with its role and records when it was used', async () => {
    const created = await createApiToken(db, { name: uniqueName('live'), role: 'admin' });
    expect(await lastUsedAt(created.id)).toBeNull();
    expect(await authenticateApiToken(db, created.token, now)).toEqual({
      id: created.id,
      name: created.name,
      role: 'admin',
    });
    expect(await lastUsedAt(created.id)).toEqual(now);
  });

  it('writes last-used at most once a minute', async () => {
    const created = await createApiToken(db, { name: uniqueName('busy'), role: 'viewer' });
    await authenticateApiToken(db, created.token, now);
    await authenticateApiToken(db, created.token, new Date(now.getTime() + 30_000));
    expect(await lastUsedAt(created.id)).toEqual(now);
    const later = new Date(now.getTime() + 61_000);
    await authenticateApiToken(db, created.token, later);
    expect(await lastUsedAt(created.id)).toEqual(later);
  });

  it('rejects a revoked token, and revoking twice reports false', async () => {
    const created = await createApiToken(db, { name: uniqueName('old'), role: 'operator' });
    expect(await revokeApiToken(db, created.id, now)).toBe(true);
    expect(await revokeApiToken(db, created.id, now)).toBe(false);
    expect(await authenticateApiToken(db, created.token, now)).toBeNull();
  });

  it('rejects a token from its expiry instant on', async () => {
    const created = await createApiToken(db, {
      name: uniqueName('expiring'),
      role: 'viewer',
      expiresAt: now,
    });
    expect(
      await authenticateApiToken(db, created.token, new Date(now.getTime() - 1)),
    ).not.toBeNull();
    expect(await authenticateApiToken(db, created.token, now)).toBeNull();
  });

  it('rejects garbage: wrong prefix, unknown value, a hash, an oversized string', async () => {
    const created = await createApiToken(db, { name: uniqueName('real'), role: 'viewer' });
    const tampered = `${created.token.slice(0, -1)}${created.token.endsWith('A') ? 'B' : 'A'}`;
    for (const garbage of [
      '',
      'not-a-token',
      created.token.slice(TOKEN_PREFIX.length),
      tampered,
      hashApiToken(created.token),
      `${TOKEN_PREFIX}${'x'.repeat(500)}`,
    ]) {
      expect(await authenticateApiToken(db, garbage, now), garbage).toBeNull();
    }
    expect(await lastUsedAt(created.id)).toBeNull();
  });
});

describe('findApiTokens', () => {
  it('lists active tokens before revoked ones, with the creator’s email', async () => {
    await db.apiToken.deleteMany();
    const creator = await db.user.create({
      data: { email: `${uniqueName('admin')}@example.com`, name: 'Admin', role: 'admin' },
      select: { id: true, email: true },
    });
    const revoked = await createApiToken(db, { name: 'revoked', role: 'viewer' });
    await revokeApiToken(db, revoked.id, now);
    const active = await createApiToken(db, {
      name: 'active',
      role: 'operator',
      createdById: creator.id,
    });
    const page = await findApiTokens(db, { page: 1, pageSize: 10 });
    expect(page.total).toBe(2);
    expect(page.items.map((token) => [token.name, token.createdBy])).toEqual([
      ['active', creator.email],
      ['revoked', null],
    ]);
    expect(page.items[0]).toMatchObject({ id: active.id, prefix: active.prefix, revokedAt: null });
  });
});
