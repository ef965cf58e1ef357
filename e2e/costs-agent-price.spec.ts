import { expect, test } from './support/fixtures';

/**
 * An agent priced from the price table (issue 9): an admin adds a model price, an operator picks it
 * in the register form's "Model price" select, and the agent page states which price applies; the
 * edit form offers the same select and "None" puts the agent back on its own prices.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test('[AGENTS][PRICE]: an operator registers an agent on a model price from the price table, and the agent page says which price applies', async ({
  page,
  request,
  db,
  createUser,
  createToken,
  signIn,
}) => {
  const provider = `acme${unique()}`;
  const added = await request.post('/api/v1/prices', {
    headers: { Authorization: `Bearer ${await createToken('admin')}` },
    data: {
      provider,
      model: 'gpt-x',
      inputPerMTokMicros: 2_000_000,
      outputPerMTokMicros: 4_000_000,
      effectiveFrom: '2026-01-01T00:00:00Z',
    },
  });
  expect(added.status(), await added.text()).toBe(201);

  await signIn(page, await createUser('operator'));
  await page.goto('/agents/new');
  await page.getByRole('radio', { name: 'Builtin' }).check();
  const name = `priced-calc-${unique()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.locator('summary', { hasText: 'Advanced' }).click();
  const select = page.getByLabel('Model price');
  await expect(
    select.getByRole('option', { name: 'None: the agent’s own prices below' }),
  ).toHaveCount(1);
  await select.selectOption({
    label: `${provider}/gpt-x: $2.00 / $4.00 per 1M tokens`,
  });
  await page.getByLabel('Price per call (USD)').fill('0.01');
  await page.getByRole('button', { name: 'Register', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  const agentId = page.url().split('/').at(-1)!;
  const details = page.getByRole('definition').filter({ hasText: /^model price|^its own/ });
  await expect(details).toHaveText(`model price ${provider}/gpt-x: $2.00 / $4.00 per 1M tokens`);
  const stored = await db.agent.findUniqueOrThrow({
    where: { id: agentId },
    select: { name: true, priceProvider: true, priceModel: true, pricePerCall: true },
  });
  expect(stored).toEqual({
    name,
    priceProvider: provider,
    priceModel: 'gpt-x',
    pricePerCall: 10_000n,
  });

  // The edit form shows the same choice; "None" puts the agent on its own prices.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await expect(page.getByLabel('Model price')).toHaveValue(`${provider}/gpt-x`);
  await page
    .getByLabel('Model price')
    .selectOption({ label: 'None: the agent’s own prices below' });
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect(page).toHaveURL(new RegExp(`/agents/${agentId}$`));
  await expect(details).toHaveText('its own: $0.00 / $0.00 per 1M tokens, $0.01 per call');
  await expect(
    db.agent.findUniqueOrThrow({ where: { id: agentId }, select: { priceModel: true } }),
  ).resolves.toEqual({ priceModel: null });
});
