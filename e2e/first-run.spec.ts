import { expect, test } from '@playwright/test';

test('[AUTH][SETUP]: the first visitor creates the admin account, then setup is gone', async ({
  page,
}) => {
  // Nothing is reachable anonymously; with no user yet, sign-in leads to setup.
  await page.goto('/agents');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Baton' })).toBeVisible();

  // Bad input first: every problem is named next to its field.
  await page.getByLabel('Name').fill('Ada Admin');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('different');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@baton.test');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByLabel('Confirm password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create admin account' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('viewer-role')).toHaveText('Admin');

  // Once a user exists, the setup page no longer exists.
  const response = await page.goto('/setup');
  expect(response?.status()).toBe(404);
});
