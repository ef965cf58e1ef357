import { beforeEach, describe, expect, it, vi } from 'vitest';

// The public auth actions must judge the body before anything about the account: a malformed or
// invalid call answers MALFORMED_REQUEST / VALIDATION_FAILED, never reaches the password check
// (UNAUTHENTICATED), the sign-in throttle or the audit log. Anything past validation is a spy.
const touched = vi.hoisted(() => ({ db: 0, auth: 0 }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('@/lib/auth/session', () => ({ getClientIp: async () => '127.0.0.1' }));
vi.mock('@/lib/db/client', () => ({
  getDb: () => {
    touched.db += 1;
    throw new Error('the database was reached');
  },
}));
vi.mock('@/lib/auth/server', () => ({
  getAuth: () => {
    touched.auth += 1;
    throw new Error('the password check was reached');
  },
}));

const { signInAction } = await import('./sign-in');
const { setupAdminAction } = await import('./setup-admin');

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

describe('sign-in and setup-admin with a malformed or invalid body', () => {
  beforeEach(() => {
    touched.db = 0;
    touched.auth = 0;
  });

  it('answer MALFORMED_REQUEST to a call without form data, before any credential check', async () => {
    for (const value of [undefined, 42, '$K1', [1, 2], { email: 'a@b.c', password: 'x' }]) {
      for (const action of [signInAction, setupAdminAction]) {
        const result = await action(null, value as unknown as FormData);
        expect(result, `${action.name}(${JSON.stringify(value)})`).toMatchObject({
          ok: false,
          code: 'MALFORMED_REQUEST',
        });
      }
    }
    expect(touched).toEqual({ db: 0, auth: 0 });
  });

  it('answer VALIDATION_FAILED naming the field for missing or wrong fields', async () => {
    expect(await signInAction(null, form({ email: 'not-an-email', password: 'x' }))).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      fieldErrors: { email: expect.any(String) },
    });
    expect(await signInAction(null, form({ email: 'ops@example.com' }))).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      fieldErrors: { password: expect.any(String) },
    });
    expect(
      await setupAdminAction(null, form({ email: 'ops@example.com', name: 'Ops' })),
    ).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
      fieldErrors: { password: expect.any(String) },
    });
    expect(touched).toEqual({ db: 0, auth: 0 });
  });

  it('reach the credential check only with a well-formed body', async () => {
    // The spy throws, which the action reports as INTERNAL: proof it got past the body checks.
    const result = await signInAction(null, form({ email: 'ops@example.com', password: 'pw' }));
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(touched.db).toBe(1);
  });
});
