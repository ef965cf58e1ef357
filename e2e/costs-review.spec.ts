import { expect, test } from './support/fixtures';
import type { PrismaClient } from '../lib/db/prisma';

const HOUR = 3_600_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Two agents with ledger rows this hour, and one row 10 days ago that a short range leaves out. */
async function seedSpend(db: PrismaClient) {
  const tag = Date.now().toString(36);
  const agent = (name: string) =>
    db.agent.create({
      data: {
        name: `review-${name}-${tag}`,
        displayName: `Review ${name} ${tag}`,
        kind: 'webhook',
        endpointUrl: 'http://127.0.0.1:9/hook',
      },
      select: { id: true, name: true, displayName: true },
    });
  const alpha = await agent('alpha');
  const beta = await agent('beta');
  const capability = `review-cap-${tag}`;
  const now = Date.now();
  await db.costEntry.createMany({
    data: [
      {
        agentId: alpha.id,
        capability,
        kind: 'agent',
        amount: 3_000_000n,
        isReported: true,
        createdAt: new Date(now - 60_000),
      },
      { agentId: beta.id, kind: 'tool', amount: 1_000_000n, createdAt: new Date(now - 120_000) },
      {
        agentId: alpha.id,
        capability,
        kind: 'agent',
        amount: 7_777_777n,
        createdAt: new Date(now - 240 * HOUR),
      },
    ],
  });
  return { alpha, beta, capability, tag };
}

test('[COSTS][REVIEW]: stack and granularity change the chart and the URL; top lists and the CSV follow the range', async ({
  adminPage: page,
  db,
}) => {
  const { alpha, beta, capability } = await seedSpend(db);
  await page.goto('/costs');
  const legend = page.getByRole('list', { name: 'Chart legend' });
  await expect(legend).toContainText('Agent');
  await expect(legend).toContainText('Tool');
  await expect(legend).not.toContainText(alpha.displayName);

  await page
    .getByRole('navigation', { name: 'Stack' })
    .getByRole('link', { name: 'By agent' })
    .click();
  await expect(page).toHaveURL(/stack=agent/);
  await expect(legend).toContainText(alpha.displayName);
  await expect(legend).toContainText(beta.displayName);

  await page
    .getByRole('navigation', { name: 'Granularity' })
    .getByRole('link', { name: 'Week' })
    .click();
  await expect(page).toHaveURL(/granularity=week/);
  await expect(page).toHaveURL(/stack=agent/);
  await expect(page.getByText(/per week, stacked by agent/)).toBeVisible();

  const topAgents = page.getByRole('table', { name: 'Top agents by spend' });
  await expect(topAgents.getByRole('row', { name: new RegExp(alpha.displayName) })).toContainText(
    '$10.777777',
  );
  await expect(topAgents.getByRole('row', { name: new RegExp(beta.displayName) })).toContainText(
    '$1.00',
  );
  await expect(
    page
      .getByRole('table', { name: 'Top capabilities by spend' })
      .getByRole('row', { name: new RegExp(capability) }),
  ).toContainText('$10.777777');

  // A two-day range leaves the 10-day-old row out, on the page and in the CSV.
  const today = Date.now();
  const range = page.getByRole('form', { name: 'Date range' });
  await range.getByLabel('From (UTC)').fill(isoDay(today - 24 * HOUR));
  await range.getByLabel('To (UTC)').fill(isoDay(today));
  await range.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${isoDay(today - 24 * HOUR)}`));
  await expect(page).toHaveURL(/granularity=week/);
  await expect(topAgents.getByRole('row', { name: new RegExp(alpha.displayName) })).toContainText(
    '$3.00',
  );

  const csvLink = page.getByRole('link', { name: /Download CSV/ });
  const href = (await csvLink.getAttribute('href'))!;
  expect(href).toContain(`from=${isoDay(today - 24 * HOUR)}T00%3A00%3A00.000Z`);
  expect(href).toContain(`to=${isoDay(today + 24 * HOUR)}T00%3A00%3A00.000Z`);
  const csv = await (await page.request.get(href)).text();
  expect(csv).toContain(`${alpha.name},${capability},agent,0,0,3000000`);
  expect(csv).not.toContain('7777777');

  // A hand-edited URL gets a message naming the parameter, not an error page.
  await page.goto('/costs?granularity=hourly&from=yesterday');
  const alert = page.getByRole('alert').filter({ hasText: 'not valid' });
  await expect(alert).toContainText('granularity');
  await expect(alert).toContainText('from must be a date');
  await expect(page.getByRole('heading', { name: 'Spend over time' })).toBeVisible();
});

test('[COSTS][BUDGETS]: admin sees the forecast, edits and deletes a budget; a viewer gets no controls', async ({
  adminPage: page,
  db,
  browser,
  createUser,
  signIn,
  createToken,
}) => {
  const { alpha } = await seedSpend(db);
  const name = `Review budget ${Date.now()}`;
  const budget = await db.budget.create({
    data: {
      name,
      scope: 'agent',
      scopeId: alpha.id,
      // `total` never resets, so the forecast holds whatever the time of day the test runs.
      period: 'total',
      limit: 5_000_000n,
      mode: 'stop',
      spent: 4_000_000n,
      periodStart: new Date(`${isoDay(Date.now())}T00:00:00Z`),
    },
  });

  // A viewer sees the burn-down but no edit or delete, and the API refuses their write.
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, await createUser('viewer'));
  await viewerPage.goto('/costs');
  const viewerCard = viewerPage.getByRole('region', { name: `Budget ${name}` });
  await expect(viewerCard).toContainText('Projected to exceed on');
  await expect(viewerCard.getByRole('button')).toHaveCount(0);
  await expect(viewerPage.getByRole('form', { name: 'Create a budget' })).toHaveCount(0);
  await viewerContext.close();
  const token = await createToken('viewer');
  const refused = await page.request.patch(`/api/v1/budgets/${budget.id}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { limitMicros: 1 },
  });
  expect(refused.status()).toBe(403);

  await page.goto('/costs');
  const card = page.getByRole('region', { name: `Budget ${name}` });
  // $1 left at $3 over the last hour: it runs out within the hour.
  await expect(card).toContainText('Projected to exceed on');
  await card.getByRole('button', { name: `Edit ${name}` }).click();
  const form = card.getByRole('form', { name: `Edit budget ${name}` });
  await form.getByLabel('Limit (USD)').fill('lots');
  await form.getByLabel('Thresholds (%)').fill('50, 180');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(form.getByText(/Enter the limit in dollars/)).toBeVisible();
  await expect(form.getByText(/between 1 and 100/)).toBeVisible();
  expect((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).limit).toBe(5_000_000n);

  await form.getByLabel('Limit (USD)').fill('1000000');
  await form.getByLabel('Thresholds (%)').fill('50, 90');
  await form.getByLabel('When reached').selectOption('warn');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(form.getByRole('status')).toHaveText(`Saved the budget “${name}”.`);
  const saved = await db.budget.findUniqueOrThrow({ where: { id: budget.id } });
  expect([saved.limit, saved.mode, saved.thresholds]).toEqual([
    1_000_000_000_000n,
    'warn',
    [50, 90],
  ]);
  // At $3/h a million dollars lasts decades.
  await expect(card).toContainText('Limit $1,000,000.00');
  // The forecast follows the new limit: decades away instead of within the hour.
  await expect(card).toContainText(/Projected to exceed on \d{4}-/);
  const projected = /Projected to exceed on (\d{4})-/.exec((await card.textContent()) ?? '');
  expect(Number(projected?.[1])).toBeGreaterThan(new Date().getUTCFullYear() + 10);

  await card.getByRole('button', { name: `Delete ${name}` }).click();
  await card.getByRole('button', { name: `Confirm delete ${name}` }).click();
  await expect(page.getByRole('region', { name: `Budget ${name}` })).toHaveCount(0);
  expect(await db.budget.count({ where: { id: budget.id } })).toBe(0);
});
