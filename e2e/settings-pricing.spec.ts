import type { APIRequestContext, Request } from '@playwright/test';
import { expect, test } from './support/fixtures';

const DAY_MS = 86_400_000;
const INPUT = 'Input (USD per 1M tokens)';
const OUTPUT = 'Output (USD per 1M tokens)';

function utcDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

function unique(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

test('[SETTINGS][PRICING]: an admin adds, edits and deletes a model price; bad input names the field', async ({
  adminPage: page,
  db,
  browser,
  createUser,
  signIn,
}) => {
  // Nine round trips through the form plus a second browser: more than the default 30 s on a busy
  // 2-core machine.
  test.setTimeout(60_000);
  const provider = `e2e-provider-${unique()}`;
  const model = `e2e-model-${unique()}`;
  const today = utcDay(0);
  const monthAgo = utcDay(-30);

  await page.goto('/settings');
  await page
    .getByRole('navigation', { name: 'Settings' })
    .getByRole('link', { name: 'Pricing' })
    .click();
  await expect(page).toHaveURL(/\/settings\/pricing$/);
  await expect(page.getByRole('link', { name: 'Pricing' })).toHaveAttribute('aria-current', 'page');

  const form = page.getByRole('form', { name: 'Add price' });
  await form.getByLabel('Provider').fill(provider);
  await form.getByLabel('Model').fill(model);
  await form.getByLabel(OUTPUT).fill('15');
  await form.getByLabel('Effective from (UTC)').fill(today);

  // A negative price is refused next to its field, and nothing is written.
  await form.getByLabel(INPUT).fill('-1');
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form.getByLabel(INPUT)).toHaveAccessibleDescription('Prices cannot be negative.');
  await expect(form.getByLabel(INPUT)).toHaveAttribute('aria-invalid', 'true');
  expect(await db.modelPrice.count({ where: { model } })).toBe(0);

  // Valid input: the row appears, in effect (dated today, the only row of its model). The request is
  // kept to replay as a viewer below.
  await form.getByLabel(INPUT).fill('3');
  const [addRequest] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && 'next-action' in r.headers()),
    form.getByRole('button', { name: 'Add price' }).click(),
  ]);
  await expect(form.getByRole('status')).toHaveText(
    `Added the price for ${provider} / ${model} from ${today}.`,
  );
  const current = page.getByRole('row').filter({ hasText: model }).filter({ hasText: today });
  await expect(current).toContainText(provider);
  await expect(current).toContainText('$3.00');
  await expect(current).toContainText('$15.00');
  await expect(current).toContainText('In effect');
  const stored = await db.modelPrice.findFirstOrThrow({ where: { provider, model } });
  expect([stored.inputPerMTok, stored.outputPerMTok]).toEqual([3_000_000n, 15_000_000n]);
  expect(stored.effectiveFrom.toISOString()).toBe(`${today}T00:00:00.000Z`);

  // A second price for the same model and day is refused at the date.
  await form.getByLabel('Model').fill(model);
  await form.getByLabel(INPUT).fill('1');
  await form.getByLabel(OUTPUT).fill('1');
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form.getByLabel('Effective from (UTC)')).toHaveAccessibleDescription(
    /already has a price from this date/,
  );
  expect(await db.modelPrice.count({ where: { model } })).toBe(1);

  // An older row of the same model: listed below it, and superseded by today's.
  await form.getByLabel('Effective from (UTC)').fill(monthAgo);
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form.getByRole('status')).toHaveText(
    `Added the price for ${provider} / ${model} from ${monthAgo}.`,
  );
  const older = page.getByRole('row').filter({ hasText: model }).filter({ hasText: monthAgo });
  await expect(older).toContainText('Superseded');
  await expect(current).toContainText('In effect');
  await expect(page.getByRole('row').filter({ hasText: model }).nth(0)).toContainText(today);

  // Edit: a negative output price is named and changes nothing; valid prices are saved.
  await current.getByRole('button', { name: `Edit ${provider} / ${model} from ${today}` }).click();
  const editor = page.getByRole('form', {
    name: `Edit price ${provider} / ${model} from ${today}`,
  });
  await editor.getByLabel(INPUT).fill('2.5');
  await editor.getByLabel(OUTPUT).fill('-0.5');
  await editor.getByRole('button', { name: 'Save price' }).click();
  await expect(editor.getByLabel(OUTPUT)).toHaveAccessibleDescription('Prices cannot be negative.');
  await expect(current).toContainText('$3.00');
  expect((await db.modelPrice.findUniqueOrThrow({ where: { id: stored.id } })).inputPerMTok).toBe(
    3_000_000n,
  );
  await editor.getByLabel(OUTPUT).fill('10');
  await editor.getByRole('button', { name: 'Save price' }).click();
  await expect(editor.getByRole('status')).toHaveText(
    `Saved the price for ${provider} / ${model}.`,
  );
  await expect(current).toContainText('$2.50');
  await expect(current).toContainText('$10.00');
  const edited = await db.modelPrice.findUniqueOrThrow({ where: { id: stored.id } });
  expect([edited.inputPerMTok, edited.outputPerMTok]).toEqual([2_500_000n, 10_000_000n]);

  // Delete asks first; "Keep it" keeps it.
  await current
    .getByRole('button', { name: `Delete ${provider} / ${model} from ${today}` })
    .click();
  await current.getByRole('button', { name: 'Keep it' }).click();
  await expect(current).toHaveCount(1);
  await current
    .getByRole('button', { name: `Delete ${provider} / ${model} from ${today}` })
    .click();
  await current.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(current).toHaveCount(0);
  // With today's row gone, the older one is what agents are priced from again.
  await expect(older).toContainText('In effect');
  expect(await db.modelPrice.count({ where: { id: stored.id } })).toBe(0);

  // The server checks the role itself: a viewer replaying the admin's "add" request is refused.
  const context = await browser.newContext();
  try {
    const viewerPage = await context.newPage();
    await signIn(viewerPage, await createUser('viewer'));
    const replay = await replayAction(viewerPage.request, addRequest);
    expect(await replay.text()).toContain('This needs the admin role');
    expect(
      await db.modelPrice.count({
        where: { provider, model, effectiveFrom: stored.effectiveFrom },
      }),
    ).toBe(0);
  } finally {
    await context.close();
  }

  // Each change was audited once, with the admin as the actor (the refused replay left nothing).
  const audit = await db.auditLog.findMany({
    where: { targetId: stored.id },
    orderBy: { id: 'asc' },
    select: { action: true, actor: true },
  });
  expect(audit.map((entry) => entry.action)).toEqual([
    'price.created',
    'price.updated',
    'price.deleted',
  ]);
  expect(audit.every((entry) => entry.actor.startsWith('user:'))).toBe(true);

  await db.modelPrice.deleteMany({ where: { provider } });
});

test('[SETTINGS][PRICING]: viewers and operators read the price table but get no forms', async ({
  db,
  browser,
  createUser,
  signIn,
}) => {
  const provider = `e2e-provider-${unique()}`;
  const model = `e2e-model-${unique()}`;
  await db.modelPrice.create({
    data: {
      provider,
      model,
      inputPerMTok: 150_000n,
      outputPerMTok: 600_000n,
      effectiveFrom: new Date(`${utcDay(-1)}T00:00:00.000Z`),
    },
  });
  try {
    for (const role of ['viewer', 'operator'] as const) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await signIn(page, await createUser(role));
        await page.goto('/settings');
        await page
          .getByRole('navigation', { name: 'Settings' })
          .getByRole('link', { name: 'Pricing' })
          .click();
        const row = page.getByRole('row').filter({ hasText: model });
        await expect(row, role).toContainText('$0.15');
        await expect(row, role).toContainText('$0.60');
        await expect(row, role).toContainText('In effect');
        await expect(row.getByRole('button'), role).toHaveCount(0);
        await expect(page.getByRole('form', { name: 'Add price' }), role).toHaveCount(0);
        await expect(page.getByRole('button', { name: /Edit|Delete/ }), role).toHaveCount(0);
        await expect(page.getByText('Only admins can change them.'), role).toBeVisible();
      } finally {
        await context.close();
      }
    }
  } finally {
    await db.modelPrice.deleteMany({ where: { provider } });
  }
});

/** Sends a captured server-action request again, with the other context's session cookie. */
async function replayAction(request: APIRequestContext, original: Request) {
  const headers = await original.allHeaders();
  delete headers.cookie;
  delete headers['content-length'];
  return request.post(original.url(), {
    headers,
    data: original.postDataBuffer() ?? undefined,
    maxRedirects: 0,
  });
}
