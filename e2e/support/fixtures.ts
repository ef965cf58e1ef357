/**
 * Playwright fixtures: direct access to the end-to-end server's database (to arrange data the UI
 * cannot create yet), users of each role, API tokens, and signing in through the real form.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { createAuth } from '../../lib/auth/auth-instance';
import { createUserWithPassword } from '../../lib/auth/users';
import { deriveKey } from '../../lib/crypto/secrets';
import { createPrismaClient, type PrismaClient } from '../../lib/db/prisma';
import { createApiToken } from '../../lib/db/repositories/api-tokens';
import type { UserRole } from '../../lib/engine';
import { withDatabase } from '../../scripts/lib/database';
import { E2E_DATA_DIR, E2E_DATABASE } from './paths';

export async function e2eDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return withDatabase(process.env.DATABASE_URL, E2E_DATABASE);
  const state = JSON.parse(await readFile(path.join(E2E_DATA_DIR, 'embedded-pg.json'), 'utf8')) as {
    password: string;
    port: number;
  };
  return `postgresql://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/baton`;
}

export async function e2eSecretKey(): Promise<Buffer> {
  return Buffer.from(
    (await readFile(path.join(E2E_DATA_DIR, 'secret.key'), 'utf8')).trim(),
    'utf8',
  );
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: UserRole;
}

let counter = 0;
function uniqueEmail(role: string): string {
  counter += 1;
  return `${role}-${Date.now().toString(36)}-${counter}@e2e.test`;
}

interface Fixtures {
  db: PrismaClient;
  createUser: (role: UserRole) => Promise<TestUser>;
  createToken: (role: UserRole) => Promise<string>;
  signIn: (page: Page, user: TestUser) => Promise<void>;
  /** A page signed in as a fresh admin. */
  adminPage: Page;
}

export const test = base.extend<Fixtures>({
  db: async ({}, use) => {
    const db = createPrismaClient({ connectionString: await e2eDatabaseUrl(), max: 2 });
    await use(db);
    await db.$disconnect();
  },
  createUser: async ({ db }, use) => {
    const auth = createAuth({
      db,
      secret: deriveKey(await e2eSecretKey(), 'auth').toString('hex'),
      baseURL: 'http://localhost',
      secureCookies: false,
    });
    await use(async (role) => {
      const password = `pw-${role}-${Math.random().toString(36).slice(2)}-long`;
      const user = await createUserWithPassword(auth, db, {
        email: uniqueEmail(role),
        name: `E2E ${role}`,
        role,
        password,
      });
      return { id: user.id, email: user.email, password, role };
    });
  },
  createToken: async ({ db }, use) => {
    await use(async (role) => (await createApiToken(db, { name: `e2e ${role}`, role })).token);
  },
  signIn: async ({}, use) => {
    await use(async (page, user) => {
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    });
  },
  adminPage: async ({ page, createUser, signIn }, use) => {
    await signIn(page, await createUser('admin'));
    await use(page);
  },
});

export { expect };
