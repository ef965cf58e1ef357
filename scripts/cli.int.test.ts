/**
 * The CLI as operators and scripts use it: a real child process against this worker's database.
 * Passwords it prints must verify against the stored hash the way sign-in checks them, tokens must
 * be stored only as their SHA-256, and every change must be audited as `cli` without the secret.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuth } from '@/lib/auth/auth-instance';
import { insertUserWithPassword } from '@/lib/auth/users';
import { deriveKey, readMasterKey } from '@/lib/crypto/secrets';
import { createTestDb, uniqueName } from '@/lib/testing/db';

const ROOT = path.resolve(import.meta.dirname, '..');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const db = createTestDb();
const auth = createAuth({
  db,
  secret: deriveKey(readMasterKey(), 'auth').toString('hex'),
  baseURL: 'http://localhost:3000',
  secureCookies: false,
});

afterAll(async () => {
  await db.$disconnect();
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], stdin?: string): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'scripts/cli.ts'), ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: process.env.DATABASE_URL,
        BATON_SECRET_KEY: process.env.BATON_SECRET_KEY,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function verifyStoredPassword(userId: string, password: string): Promise<boolean> {
  const account = await db.account.findFirstOrThrow({
    where: { userId, providerId: 'credential' },
    select: { password: true },
  });
  const context = await auth.$context;
  return context.password.verify({ password, hash: account.password! });
}

async function auditRows(targetId: string) {
  return db.auditLog.findMany({
    where: { targetId },
    select: { actor: true, action: true, metadata: true },
    orderBy: { id: 'asc' },
  });
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at /);
}

describe('baton user create', () => {
  it('generates a password that signs in, prints it once, and audits without it', async () => {
    const email = `${uniqueName('ops')}@example.com`;
    const result = await runCli(['user', 'create', '--email', email, '--role', 'admin']);

    expect(result.code).toBe(0);
    const id = /^id: (\S+)$/m.exec(result.stdout)?.[1];
    const password = /^password: (\S+)$/m.exec(result.stdout)?.[1];
    expect(id).toMatch(UUID);
    expect(password).toHaveLength(24);
    expect(result.stdout.split(password!)).toHaveLength(2); // printed exactly once

    const user = await db.user.findUniqueOrThrow({
      where: { id },
      select: { email: true, role: true, name: true },
    });
    expect(user).toEqual({ email, role: 'admin', name: email.split('@')[0] });
    expect(await verifyStoredPassword(id!, password!)).toBe(true);
    expect(await verifyStoredPassword(id!, `${password}x`)).toBe(false);

    const audit = await auditRows(id!);
    expect(audit).toEqual([
      { actor: 'cli', action: 'user.created', metadata: { email, role: 'admin' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it('takes the password from stdin and, with --quiet, prints only the user id', async () => {
    const email = `${uniqueName('ci')}@example.com`;
    const password = 'correct horse battery staple';
    const result = await runCli(
      [
        'user',
        'create',
        '--email',
        email,
        '--role',
        'operator',
        '--name',
        'CI',
        '--password-stdin',
        '--quiet',
      ],
      `${password}\n`,
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${UUID.source}\\n$`));
    const id = result.stdout.trim();
    expect(await verifyStoredPassword(id, password)).toBe(true);
    expect(JSON.stringify(await auditRows(id))).not.toContain(password);

    const listed = await runCli(['user', 'list']);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(`${email} `));
    expect(row?.split(/\s{2,}/)).toEqual([email, 'CI', 'operator', 'no', expect.any(String), id]);
  });

  it('refuses a taken email with exit 1 and a clear message', async () => {
    const email = `${uniqueName('dup')}@example.com`;
    await insertUserWithPassword(db, { email, name: 'First', role: 'viewer', passwordHash: 'x' });

    const result = await runCli([
      'user',
      'create',
      '--email',
      email.toUpperCase(),
      '--role',
      'admin',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`A user with the email ${email} already exists.`);
    expectNoStackTrace(result.stderr);
    expect(await db.user.findMany({ where: { email }, select: { role: true } })).toEqual([
      { role: 'viewer' },
    ]);
  });

  it('rejects an unknown role with exit 2 naming --role, and writes nothing', async () => {
    const email = `${uniqueName('bad')}@example.com`;
    const result = await runCli(['user', 'create', '--email', email, '--role', 'superuser']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'Invalid --role "superuser": Choose viewer, operator or admin.',
    );
    expectNoStackTrace(result.stderr);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe('baton token', () => {
  it('create --quiet prints only the token, which is stored as its SHA-256 alone', async () => {
    const name = uniqueName('ci');
    const result = await runCli([
      'token',
      'create',
      '--name',
      name,
      '--role',
      'operator',
      '--quiet',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^baton_[\w-]{43}\n$/);
    const token = result.stdout.trim();
    const stored = await db.apiToken.findUniqueOrThrow({
      where: { tokenHash: createHash('sha256').update(token).digest('hex') },
    });
    expect(stored).toMatchObject({ name, role: 'operator', revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);

    const audit = await auditRows(stored.id);
    expect(audit).toEqual([
      {
        actor: 'cli',
        action: 'token.created',
        metadata: { name, role: 'operator', expiresAt: null },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('create --expires stores the the end of that day (UTC); a past one is refused and nothing is written', async () => {
    const name = uniqueName('expiring');
    const day = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const endOfDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
    const created = await runCli([
      'token',
      'create',
      '--name',
      name,
      '--role',
      'viewer',
      '--expires',
      day,
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`expires ${endOfDay}`);
    const stored = await db.apiToken.findFirstOrThrow({ where: { name } });
    expect(stored.expiresAt?.toISOString()).toBe(endOfDay);

    const pastName = uniqueName('expired');
    const past = await runCli([
      'token',
      'create',
      '--name',
      pastName,
      '--role',
      'viewer',
      '--expires',
      '2001-01-01',
    ]);
    expect(past.code).not.toBe(0);
    expect(past.stderr).toContain('--expires');
    expect(past.stderr).toContain('must be in the future');
    expectNoStackTrace(past.stderr);
    expect(await db.apiToken.count({ where: { name: pastName } })).toBe(0);
  });

  it('create, list and revoke: the revoked token is marked and audited, a second revoke fails', async () => {
    const name = uniqueName('deploy');
    const created = await runCli(['token', 'create', '--name', name, '--role', 'viewer']);
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines).toContain('Copy it now: it cannot be shown again.');
    expect(lines.filter((line) => /^baton_[\w-]{43}$/.test(line))).toHaveLength(1);
    const id = UUID.exec(created.stdout)![0];

    const revoked = await runCli(['token', 'revoke', id]);
    expect(revoked.code).toBe(0);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id }, select: { revokedAt: true } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect((await auditRows(id)).map(({ actor, action }) => ({ actor, action }))).toEqual([
      { actor: 'cli', action: 'token.created' },
      { actor: 'cli', action: 'token.revoked' },
    ]);

    const listed = await runCli(['token', 'list']);
    expect(listed.code).toBe(0);
    const listedLine = listed.stdout.split('\n').find((line) => line.startsWith(id));
    expect(listedLine).toContain(name);
    expect(listedLine).toContain('revoked');

    const again = await runCli(['token', 'revoke', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No active API token has the id ${id}`);
    expectNoStackTrace(again.stderr);
  });
});
