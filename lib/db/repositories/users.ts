import type { UserRole } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/**
 * Users as admins manage them in Settings. Creating a user (with its password credential) lives in
 * lib/auth/users.ts next to better-auth; this file holds the listing and the guarded changes.
 *
 * Guard rails, enforced here so every caller (server actions, a future REST route, the CLI) gets
 * them: nobody changes their own role or disables themselves, and the last active admin can never
 * be demoted or disabled — Baton would otherwise be left with nobody able to manage users.
 */

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  disabledAt: Date | null;
  createdAt: Date;
}

const USER_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

/** Newest first, so a user just added shows at the top of the first page. */
export async function findUsers(
  db: PrismaClient,
  request: PageRequest,
): Promise<Page<UserListItem>> {
  const pageSize = clampPageSize(request.pageSize);
  const total = await db.user.count();
  const page = clampPage(request.page, total, pageSize);
  const items = await db.user.findMany({
    select: USER_SELECT,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { items, total, page, pageSize };
}

export async function countActiveAdmins(db: PrismaClient | Prisma.TransactionClient) {
  return db.user.count({ where: { role: 'admin', disabledAt: null } });
}

export interface UserChange {
  user: UserListItem;
  /** False when the user was already in the asked-for state (nothing written, nothing to audit). */
  changed: boolean;
}

export interface RoleChange extends UserChange {
  previousRole: UserRole;
}

/**
 * Gives a user another role. `actorUserId` is the admin asking (null for the CLI or a token).
 * Throws NOT_FOUND for an unknown user and CONFLICT for a self-change or for demoting the last
 * active admin.
 */
export async function updateUserRole(
  db: PrismaClient,
  input: { userId: string; role: UserRole; actorUserId: string | null },
): Promise<RoleChange> {
  return db.$transaction(async (tx) => {
    await lockAdminSet(tx);
    const user = await getUserOrThrow(tx, input.userId);
    if (user.role === input.role) return { user, changed: false, previousRole: user.role };
    if (user.id === input.actorUserId) {
      throw new AppError(
        'CONFLICT',
        'You cannot change your own role. Ask another admin to do it.',
      );
    }
    if (user.role === 'admin' && !user.disabledAt) {
      await assertAnotherActiveAdmin(tx, user, 'demote');
    }
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { role: input.role },
      select: USER_SELECT,
    });
    return { user: updated, changed: true, previousRole: user.role };
  });
}

export interface DisabledChange extends UserChange {
  /** Sessions deleted by disabling (0 when enabling). */
  sessionsEnded: number;
}

/**
 * Disables or re-enables a user. Disabling also deletes the user's sessions in the same
 * transaction, so an open browser is signed out on its next request rather than when its cookie
 * expires. Throws NOT_FOUND for an unknown user and CONFLICT for disabling oneself or the last
 * active admin.
 */
export async function setUserDisabled(
  db: PrismaClient,
  input: { userId: string; disabled: boolean; actorUserId: string | null; now?: Date },
): Promise<DisabledChange> {
  return db.$transaction(async (tx) => {
    await lockAdminSet(tx);
    const user = await getUserOrThrow(tx, input.userId);
    if (Boolean(user.disabledAt) === input.disabled) {
      return { user, changed: false, sessionsEnded: 0 };
    }
    if (!input.disabled) {
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { disabledAt: null },
        select: USER_SELECT,
      });
      return { user: updated, changed: true, sessionsEnded: 0 };
    }
    if (user.id === input.actorUserId) {
      throw new AppError('CONFLICT', 'You cannot disable your own account.');
    }
    if (user.role === 'admin') await assertAnotherActiveAdmin(tx, user, 'disable');
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { disabledAt: input.now ?? new Date() },
      select: USER_SELECT,
    });
    const { count } = await tx.session.deleteMany({ where: { userId: user.id } });
    return { user: updated, changed: true, sessionsEnded: count };
  });
}

/**
 * Serializes changes that can remove an admin: take it first in any transaction that changes a
 * user's role or disabled state. Without it two admins demoting each other at the same moment
 * would each still see the other as admin, both succeed, and leave none. Held until commit.
 */
export async function lockAdminSet(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('baton:admin-set'))`;
}

async function getUserOrThrow(tx: Prisma.TransactionClient, id: string): Promise<UserListItem> {
  const user = await tx.user.findUnique({ where: { id }, select: USER_SELECT });
  if (!user) throw new AppError('NOT_FOUND', 'This user no longer exists.');
  return user;
}

async function assertAnotherActiveAdmin(
  tx: Prisma.TransactionClient,
  user: UserListItem,
  verb: 'demote' | 'disable',
): Promise<void> {
  const others = await tx.user.count({
    where: { role: 'admin', disabledAt: null, id: { not: user.id } },
  });
  if (others === 0) {
    throw new AppError(
      'CONFLICT',
      `${user.email} is the last active admin and cannot be ${verb === 'demote' ? 'demoted' : 'disabled'}. Make another user an admin first.`,
    );
  }
}
