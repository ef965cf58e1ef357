import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/** The sign-in form's own alert (Next's route announcer is another role=alert on every page). */
const formAlert = (page: Page) => page.getByRole('main').getByRole('alert');

test('[AUTH][SIGN-IN]: an operator signs in, sees their role, and signs out', async ({
  page,
  createUser,
}) => {
  const operator = await createUser('operator');
  await page.goto('/requests');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Frequests$/);

  await page.getByLabel('Email').fill(operator.email);
  await page.getByLabel('Password').fill(operator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Back where they were going, signed in.
  await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
  await expect(page.getByTestId('viewer-role')).toHaveText('Operator');

  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith('baton.session_token'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('[AUTH][SIGN-IN]: a wrong password is refused with a clear message', async ({
  page,
  createUser,
}) => {
  const viewer = await createUser('viewer');
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(viewer.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(formAlert(page)).toHaveText('The email or password is not right.');
  await expect(page).toHaveURL(/\/sign-in$/);
  // The email stays filled in for the next try.
  await expect(page.getByLabel('Email')).toHaveValue(viewer.email);
});

test('[AUTH][THROTTLE]: repeated failures lock the account, even for the right password', async ({
  page,
  createUser,
}) => {
  const victim = await createUser('viewer');
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(victim.email);
  /** One attempt, waiting until the server answered (the form clears the password then). */
  const attempt = async (password: string) => {
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Password')).toHaveValue('');
  };
  for (let n = 1; n <= 5; n++) {
    await attempt(`wrong-${n}`);
    await expect(formAlert(page)).toHaveText('The email or password is not right.');
  }
  // The sixth failure locks the account.
  await attempt('wrong-6');
  await expect(formAlert(page)).toHaveText(
    'Too many failed sign-in attempts for this account. Try again in 30 seconds.',
  );

  // While locked, even the right password does not get in.
  await attempt(victim.password);
  await expect(formAlert(page)).toContainText('Too many failed sign-in attempts');
  await expect(page).toHaveURL(/\/sign-in$/);
});
