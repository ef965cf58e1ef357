import type { UserRole } from '@/lib/engine';
import type { Prisma } from '@/lib/db/generated/prisma/client.ts';
import type { PrismaClient } from '@/lib/db/prisma';
import { AppError } from '@/lib/errors';
import type { BatonAuth } from './auth-instance';

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
}

/** Hashes a password the way better-auth verifies it at sign-in (scrypt). */
export async function hashPassword(auth: BatonAuth, password: string): Promise<string> {
  const context = await auth.$context;
  return context.password.hash(password);
}

/**
 * Writes a user and its email/password credential (the `credential` account better-auth signs in
 * against). Input must already be validated (CreateUserSchema). Runs inside the caller's
 * transaction when given one. Throws ALREADY_EXISTS for a taken email.
 */
export async function insertUserWithPassword(
  db: PrismaClient | Prisma.TransactionClient,
  input: Omit<NewUser, 'password'> & { passwordHash: string },
): Promise<CreatedUser> {
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) {
    throw new AppError('ALREADY_EXISTS', `A user with the email ${input.email} already exists.`, {
      fields: { email: 'This email is already in use.' },
    });
  }
  const user = await db.user.create({
    data: { email: input.email, name: input.name, role: input.role },
    select: { id: true, email: true, name: true, role: true },
  });
  await db.account.create({
    data: {
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: input.passwordHash,
    },
  });
  return user;
}

export async function createUserWithPassword(
  auth: BatonAuth,
  db: PrismaClient,
  input: NewUser,
): Promise<CreatedUser> {
  const passwordHash = await hashPassword(auth, input.password);
  return db.$transaction((tx) => insertUserWithPassword(tx, { ...input, passwordHash }));
}

/**
 * Creates the first admin, only while no user exists. Serialized with an advisory lock so two
 * browsers racing through first-run setup cannot both become admin.
 */
export async function createFirstAdmin(
  auth: BatonAuth,
  db: PrismaClient,
  input: Omit<NewUser, 'role'>,
): Promise<CreatedUser> {
  const passwordHash = await hashPassword(auth, input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('baton:first-admin'))`;
    if ((await tx.user.count()) > 0) {
      throw new AppError('CONFLICT', 'Baton is already set up. Sign in instead.');
    }
    return insertUserWithPassword(tx, { ...input, role: 'admin', passwordHash });
  });
}

export async function countUsers(db: PrismaClient): Promise<number> {
  return db.user.count();
}
