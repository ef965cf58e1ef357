import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserRole } from '@/lib/engine';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import {
  countActiveAdmins,
  findUsers,
  lockAdminSet,
  setUserDisabled,
  updateUserRole,
} from './users';

const db = createTestDb();
const base = Date.UTC(2026, 0, 1);

async function createUser(role: UserRole, options: { minute?: number; disabled?: boolean } = {}) {
  return db.user.create({
    data: {
      email: `${uniqueName(role)}@example.com`,
      name: `A ${role}`,
      role,
      createdAt: new Date(base + (options.minute ?? 0) * 60_000),
      disabledAt: options.disabled ? new Date(base) : null,
    },
    select: { id: true, email: true },
  });
}

async function createSession(userId: string) {
  await db.session.create({
    data: { userId, token: uniqueName('session'), expiresAt: new Date(Date.now() + 3_600_000) },
  });
}

async function countWaitingAdvisoryLocks() {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
  return Number(row?.count ?? 0);
}

async function roleOf(id: string) {
  return (await db.user.findUniqueOrThrow({ where: { id }, select: { role: true } })).role;
}

// Each test starts with no users: the admin-count guards depend on every user in the table.
beforeEach(async () => {
  await db.user.deleteMany();
});

afterAll(async () => {
  await db.$disconnect();
});

describe('findUsers', () => {
  it('lists users newest first, paginated, disabled ones included', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createUser('viewer', { minute: i })).id);
    const disabled = await createUser('operator', { minute: 10, disabled: true });

    const first = await findUsers(db, { page: 1, pageSize: 4 });
    expect(first).toMatchObject({ total: 6, page: 1, pageSize: 4 });
    expect(first.items.map((user) => user.id)).toEqual([disabled.id, ids[4], ids[3], ids[2]]);
    expect(first.items[0]).toMatchObject({ role: 'operator', disabledAt: expect.any(Date) });

    const second = await findUsers(db, { page: 2, pageSize: 4 });
    expect(second.items.map((user) => user.id)).toEqual([ids[1], ids[0]]);
  });

  it('clamps a page past the end and never returns password data', async () => {
    await createUser('admin');
    const page = await findUsers(db, { page: 7, pageSize: 10 });
    expect(page.page).toBe(1);
    expect(Object.keys(page.items[0]!).sort()).toEqual(
      ['createdAt', 'disabledAt', 'email', 'id', 'name', 'role'].sort(),
    );
  });
});

describe('updateUserRole', () => {
  it('changes another user’s role and reports the previous one', async () => {
    const admin = await createUser('admin');
    const user = await createUser('viewer');
    const change = await updateUserRole(db, {
      userId: user.id,
      role: 'operator',
      actorUserId: admin.id,
    });
    expect(change).toMatchObject({ changed: true, previousRole: 'viewer' });
    expect(change.user).toMatchObject({ id: user.id, role: 'operator' });
    expect(await roleOf(user.id)).toBe('operator');
  });

  it('is a no-op for the role the user already has', async () => {
    const admin = await createUser('admin');
    const change = await updateUserRole(db, {
      userId: admin.id,
      role: 'admin',
      actorUserId: admin.id,
    });
    expect(change.changed).toBe(false);
  });

  it('refuses to let an admin demote themselves, even with other admins around', async () => {
    const me = await createUser('admin');
    await createUser('admin');
    await expect(
      updateUserRole(db, { userId: me.id, role: 'viewer', actorUserId: me.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/your own role/) });
    expect(await roleOf(me.id)).toBe('admin');
  });

  it('never demotes the last active admin', async () => {
    const last = await createUser('admin');
    // A disabled admin does not count: they cannot manage anything.
    await createUser('admin', { disabled: true });
    await expect(
      updateUserRole(db, { userId: last.id, role: 'operator', actorUserId: null }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${last.email} is the last active admin and cannot be demoted. Make another user an admin first.`,
    });
    expect(await roleOf(last.id)).toBe('admin');
  });

  it('demotes an admin while another active admin remains, and a disabled admin freely', async () => {
    const keeper = await createUser('admin');
    const other = await createUser('admin');
    const dormant = await createUser('admin', { disabled: true });
    await updateUserRole(db, { userId: other.id, role: 'viewer', actorUserId: keeper.id });
    await updateUserRole(db, { userId: dormant.id, role: 'viewer', actorUserId: keeper.id });
    expect(await countActiveAdmins(db)).toBe(1);
  });

  it('makes a demotion wait for a concurrent admin change, then refuse to leave no admin', async () => {
    const a = await createUser('admin');
    const b = await createUser('admin');
    let pending: Promise<unknown> | undefined;
    let isSettled = false;
    // Another writer demotes b and has not committed yet when the call to demote a arrives.
    await db.$transaction(async (tx) => {
      await lockAdminSet(tx);
      await tx.user.update({ where: { id: b.id }, data: { role: 'viewer' } });
      pending = updateUserRole(db, { userId: a.id, role: 'viewer', actorUserId: null }).finally(
        () => (isSettled = true),
      );
      pending.catch(() => {});
      // Commit only once the call is queued behind the lock (or has, wrongly, already finished).
      while (!isSettled && (await countWaitingAdvisoryLocks()) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    await expect(pending).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await roleOf(a.id)).toBe('admin');
    expect(await countActiveAdmins(db)).toBe(1);
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    await expect(
      updateUserRole(db, { userId: randomUUID(), role: 'viewer', actorUserId: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('setUserDisabled', () => {
  it('disables a user and deletes only their sessions', async () => {
    const admin = await createUser('admin');
    const user = await createUser('operator');
    await createSession(user.id);
    await createSession(user.id);
    await createSession(admin.id);
    const now = new Date(base + 3_600_000);

    const change = await setUserDisabled(db, {
      userId: user.id,
      disabled: true,
      actorUserId: admin.id,
      now,
    });

    expect(change).toMatchObject({ changed: true, sessionsEnded: 2 });
    expect(change.user.disabledAt).toEqual(now);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: admin.id } })).toBe(1);
  });

  it('enables a disabled user again, and treats repeats as no-ops', async () => {
    const admin = await createUser('admin');
    const user = await createUser('viewer', { disabled: true });
    const enabled = await setUserDisabled(db, {
      userId: user.id,
      disabled: false,
      actorUserId: admin.id,
    });
    expect(enabled).toMatchObject({ changed: true, user: { disabledAt: null } });
    const again = await setUserDisabled(db, {
      userId: user.id,
      disabled: false,
      actorUserId: admin.id,
    });
    expect(again.changed).toBe(false);
  });

  it('refuses to let an admin disable themselves', async () => {
    const me = await createUser('admin');
    await createUser('admin');
    await createSession(me.id);
    await expect(
      setUserDisabled(db, { userId: me.id, disabled: true, actorUserId: me.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'You cannot disable your own account.' });
    expect(await db.session.count({ where: { userId: me.id } })).toBe(1);
  });

  it('never disables the last active admin, and keeps their sessions', async () => {
    const last = await createUser('admin');
    await createSession(last.id);
    await expect(
      setUserDisabled(db, { userId: last.id, disabled: true, actorUserId: null }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/last active admin and cannot be disabled/),
    });
    expect(await countActiveAdmins(db)).toBe(1);
    expect(await db.session.count({ where: { userId: last.id } })).toBe(1);
  });

  it('disables an admin while another active admin remains', async () => {
    const keeper = await createUser('admin');
    const other = await createUser('admin');
    await setUserDisabled(db, { userId: other.id, disabled: true, actorUserId: keeper.id });
    expect(await countActiveAdmins(db)).toBe(1);
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    await expect(
      setUserDisabled(db, { userId: randomUUID(), disabled: true, actorUserId: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
