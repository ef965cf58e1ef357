import { expect, test } from './support/fixtures';

test('[OVERVIEW]: operator sees the fleet summary read from the database', async ({
  adminPage: page,
  db,
}) => {
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const link of ['Overview', 'Agents', 'Requests', 'Costs', 'Settings']) {
    await expect(nav.getByRole('link', { name: link })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');

  // The demo seed registers the four builtin agents (other specs may have added more); the Overview
  // counts whatever the database holds.
  const live = await db.agent.count({ where: { deletedAt: null } });
  const active = await db.agent.count({ where: { deletedAt: null, status: 'ACTIVE' } });
  expect(live).toBeGreaterThanOrEqual(4);
  await page.reload();
  await expect(page.getByTestId('fleet-total')).toHaveText(String(live));
  await expect(page.getByTestId('fleet-active')).toHaveText(String(active));

  // No request has been submitted yet: the empty state says what to do next.
  await expect(page.getByText('Submit a request')).toBeVisible();
});

test('[AGENTS]: operator sees the seeded builtin agents listed', async ({ adminPage: page }) => {
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Agents' })
    .click();

  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  const table = page.getByRole('table');
  for (const [displayName, slug] of [
    ['Calculator', 'calculator'],
    ['Text tools', 'text-tools'],
    ['JSON formatter', 'json-formatter'],
    ['Synthesizer', 'synthesizer'],
  ]) {
    const row = table.getByRole('row').filter({ hasText: displayName }).filter({ hasText: slug });
    await expect(row.first()).toBeVisible();
  }
});

test('[HEALTH]: the health endpoint reports the database and migrations ok, without auth', async ({
  request,
}) => {
  const response = await request.get('/api/v1/health');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({
    status: 'ok',
    database: { ok: true },
    migrations: { ok: true, pending: [] },
  });
  expect(body.migrations.latest).toMatch(/^\d{14}_/);
});
