import { expect, test } from './support/fixtures';

test('[COSTS][BUDGETS]: admin creates a budget; the CSV export adds up to the API total', async ({
  adminPage: page,
  db,
}) => {
  await page.goto('/costs');
  await expect(page.getByRole('heading', { level: 1, name: 'Costs' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Create a budget' });
  const name = `e2e budget ${Date.now()}`;

  // Bad input: a field error next to the field, nothing written.
  await form.getByLabel('Budget name').fill(name);
  await form.getByLabel('Limit (USD)').fill('-1');
  await form.getByRole('button', { name: 'Create budget' }).click();
  await expect(form.getByText(/Enter the limit in dollars/)).toBeVisible();
  expect(await db.budget.count({ where: { name } })).toBe(0);

  await form.getByLabel('Limit (USD)').fill('12.50');
  await form.getByLabel('Period').selectOption('month');
  await form.getByRole('button', { name: 'Create budget' }).click();
  await expect(form.getByRole('status')).toHaveText(`Created the budget “${name}”.`);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('$12.50');
  await expect(row).toContainText('Per month (UTC)');
  const stored = await db.budget.findFirstOrThrow({ where: { name } });
  expect([stored.scope, stored.limit, stored.mode]).toEqual(['global', 12_500_000n, 'stop']);

  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const totals = await page.request.get(`/api/v1/costs?groupBy=kind&from=${from}&to=${to}`);
  expect(totals.ok()).toBe(true);
  const { data } = (await totals.json()) as { data: { totalMicros: number } };
  const csv = await page.request.get(`/api/v1/costs.csv?from=${from}&to=${to}`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const [header, ...lines] = (await csv.text()).trim().split('\n');
  const column = header!.split(',').indexOf('amount_micros');
  const sum = lines.reduce((total, line) => total + Number(line.split(',')[column]), 0);
  expect(sum).toBe(data.totalMicros);

  await db.budget.delete({ where: { id: stored.id } });
});
