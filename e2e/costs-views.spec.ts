import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import type { PrismaClient } from '../lib/db/prisma';
import { formatUsd as formatUsdText } from '../lib/engine/budget/money';

/**
 * Cost views an operator reviews: the request page's Costs card, the agent page's spend against
 * its budgets, and the Overview's month against the global budget. The ledger rows come from the
 * real executor: webhook agents (docs/agents/webhook-contract.md) answer tasks of a request
 * submitted over REST, one reporting its cost and one priced per call.
 */

interface Hook {
  url: string;
  /** Lets held replies go. */
  release: () => void;
  close: () => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.resume();
    req.on('end', () => resolve());
  });
}

/** A webhook agent that answers `reply`; with `hold`, only after `release()`. */
async function startWebhook(reply: object, { hold = false } = {}): Promise<Hook> {
  let release!: () => void;
  const released = hold ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  if (!hold) release = () => {};
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    void readBody(req)
      .then(() => released)
      .then(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tasks`,
    release: () => release(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function registerWebhook(
  request: APIRequestContext,
  token: string,
  data: { name: string; displayName: string; url: string; capability: string; perCall: number },
): Promise<string> {
  const response = await request.post('/api/v1/agents', {
    headers: bearer(token),
    data: {
      kind: 'webhook',
      name: data.name,
      displayName: data.displayName,
      endpointUrl: data.url,
      capabilities: [{ name: data.capability }],
      pricePerCallMicros: data.perCall,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

/**
 * Two agents and a request over both: `draft` goes to Reporter, which reports $2.50 and 1,200 /
 * 300 tokens (held until `release`); `check` then goes to Pricer, $0.75 per call, 40 / 10 tokens.
 */
async function costedRequest(
  request: APIRequestContext,
  token: string,
  {
    hold = true,
    beforeSubmit,
  }: { hold?: boolean; beforeSubmit?: (agents: { reporterId: string }) => Promise<void> } = {},
) {
  const tag = unique();
  const reporterHook = await startWebhook(
    { output: 'draft', usage: { tokensIn: 1_200, tokensOut: 300 }, costMicros: 2_500_000 },
    { hold },
  );
  const pricerHook = await startWebhook({
    output: 'checked',
    usage: { tokensIn: 40, tokensOut: 10 },
  });
  const reporter = {
    name: `e2e-reporter-${tag}`,
    displayName: `Reporter ${tag}`,
    capability: `e2e_draft_${tag}`,
  };
  const pricer = {
    name: `e2e-pricer-${tag}`,
    displayName: `Pricer ${tag}`,
    capability: `e2e_check_${tag}`,
  };
  const reporterId = await registerWebhook(request, token, {
    ...reporter,
    url: reporterHook.url,
    perCall: 0,
  });
  const pricerId = await registerWebhook(request, token, {
    ...pricer,
    url: pricerHook.url,
    perCall: 750_000,
  });
  await beforeSubmit?.({ reporterId });
  const submitted = await request.post('/api/v1/requests', {
    headers: bearer(token),
    data: {
      workflow: {
        title: `Costed ${tag}`,
        tasks: [
          { ref: 'draft', capability: reporter.capability, maxAttempts: 1 },
          { ref: 'check', capability: pricer.capability, dependsOn: ['draft'], maxAttempts: 1 },
        ],
      },
    },
  });
  expect(submitted.status(), await submitted.text()).toBe(202);
  const requestId = ((await submitted.json()) as { data: { id: string } }).data.id;
  return {
    tag,
    requestId,
    reporter: { ...reporter, id: reporterId },
    pricer: { ...pricer, id: pricerId },
    release: reporterHook.release,
    close: () => Promise.all([reporterHook.close(), pricerHook.close()]),
  };
}

/**
 * The Overview's "Submit a request" empty state is checked by overview.spec.ts, which runs after
 * this file: the requests made here are removed once finished (their ledger rows stay, with the
 * request cleared, as when any request is deleted).
 */
async function removeRequest(db: PrismaClient, id: string) {
  await expect
    .poll(async () => (await db.request.findUnique({ where: { id } }))?.finishedAt ?? null, {
      timeout: 30_000,
    })
    .not.toBeNull();
  await db.request.delete({ where: { id } });
}

test('[COSTS][REQUEST]: the Costs card breaks a request down by kind, agent and task, and fills in when it finishes', async ({
  adminPage: page,
  request,
  db,
  createToken,
}) => {
  test.setTimeout(60_000);
  const token = await createToken('operator');
  const run = await costedRequest(request, token);
  try {
    await page.goto(`/requests/${run.requestId}`);
    const card = page.getByRole('region', { name: 'Costs' });
    await expect(page.getByTestId('request-status')).toHaveText('Running', { timeout: 20_000 });
    // Held by the agent: nothing spent yet.
    await expect(card).toContainText('Nothing spent yet.');
    const summary = card.getByLabel('Cost summary');
    await expect(summary).toContainText('Total$0.00');

    run.release();
    // The page follows the request live: the numbers appear without a reload.
    await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 20_000 });
    await expect(summary).toContainText('Total$3.25');
    // $2.50 of $3.25 reported = 76.9 %; the rest estimated from the per-call price.
    await expect(summary).toContainText('Reported by agents$2.50 (76.9%)');
    await expect(summary).toContainText('Estimated from prices$0.75 (23.1%)');
    await expect(summary).toContainText('Tokens in / out1,240 / 310');

    const byKind = card.getByRole('table', { name: 'Cost by kind' });
    await expect(byKind.getByRole('row', { name: /^Agent/ })).toContainText(
      /\$3\.25\s*\$2\.50\s*1,240 \/ 310/,
    );
    const byAgent = card.getByRole('table', { name: 'Cost by agent' });
    await expect(
      byAgent.getByRole('row', { name: new RegExp(run.reporter.displayName) }),
    ).toContainText(/\$2\.50\s*\$2\.50\s*1,200 \/ 300/);
    await expect(
      byAgent.getByRole('row', { name: new RegExp(run.pricer.displayName) }),
    ).toContainText(/\$0\.75\s*\$0\.00\s*40 \/ 10/);
    const byTask = card.getByRole('table', { name: 'Cost by task, costliest first' });
    const taskRow = (ref: string) =>
      byTask.getByRole('row').filter({ has: page.getByRole('cell', { name: ref, exact: true }) });
    await expect(taskRow('draft')).toContainText(run.reporter.capability);
    await expect(taskRow('draft')).toContainText(/\$2\.50\s*\$2\.50\s*1,200\s*300$/);
    await expect(taskRow('check')).toContainText(/\$0\.75\s*\$0\.75\s*\$0\.00\s*40\s*10$/);

    // The same numbers over REST.
    const api = await request.get(`/api/v1/requests/${run.requestId}/costs`, {
      headers: bearer(token),
    });
    expect(api.status()).toBe(200);
    const { data } = (await api.json()) as {
      data: {
        totalMicros: number;
        reportedMicros: number;
        estimatedMicros: number;
        byAgent: { agentId: string | null; amountMicros: number; tokensIn: number }[];
      };
    };
    expect([data.totalMicros, data.reportedMicros, data.estimatedMicros]).toEqual([
      3_250_000, 2_500_000, 750_000,
    ]);
    expect(data.byAgent.map((a) => [a.agentId, a.amountMicros, a.tokensIn])).toEqual([
      [run.reporter.id, 2_500_000, 1_200],
      [run.pricer.id, 750_000, 40],
    ]);
  } finally {
    run.release();
    await removeRequest(db, run.requestId);
    await run.close();
  }
});

/** POST /api/v1/budgets as an admin; returns the created budget. */
async function createBudget(
  request: APIRequestContext,
  token: string,
  data: Record<string, unknown>,
): Promise<{ id: string; spentMicros: number }> {
  const response = await request.post('/api/v1/budgets', { headers: bearer(token), data });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { data: { id: string; spentMicros: number } }).data;
}

async function deleteBudgets(request: APIRequestContext, token: string, ids: readonly string[]) {
  for (const id of ids) {
    const response = await request.delete(`/api/v1/budgets/${id}`, { headers: bearer(token) });
    expect([200, 404]).toContain(response.status());
  }
}

const monthStartIso = () => `${new Date().toISOString().slice(0, 7)}-01`;

test('[COSTS][AGENT]: the agent page shows its spend today and this month against every budget that covers it', async ({
  adminPage: page,
  request,
  db,
  createToken,
}) => {
  test.setTimeout(60_000);
  const adminToken = await createToken('admin');
  const tag = unique();
  const budgetIds: string[] = [];
  const names = {
    day: `Reporter day ${tag}`,
    month: `Reporter month ${tag}`,
    global: `Everything ${tag}`,
  };
  let globalSpent = 0;
  // The budgets exist before the request runs: its spend reaches them through reserve and settle.
  const run = await costedRequest(request, await createToken('operator'), {
    hold: false,
    beforeSubmit: async ({ reporterId }) => {
      const day = await createBudget(request, adminToken, {
        name: names.day,
        scope: 'agent',
        scopeId: reporterId,
        period: 'day',
        mode: 'pause',
        limitMicros: 10_000_000,
      });
      const month = await createBudget(request, adminToken, {
        name: names.month,
        scope: 'agent',
        scopeId: reporterId,
        period: 'month',
        mode: 'stop',
        limitMicros: 4_000_000,
      });
      // All time, so no overlap with the monthly global budget costs.spec.ts creates; warn, so
      // nothing else is held back while it exists.
      const global = await createBudget(request, adminToken, {
        name: names.global,
        scope: 'global',
        period: 'total',
        mode: 'warn',
        limitMicros: 1_000_000_000_000,
      });
      budgetIds.push(day.id, month.id, global.id);
      globalSpent = global.spentMicros;
    },
  });
  try {
    await removeRequest(db, run.requestId);
    await page.goto(`/agents/${run.reporter.id}`);
    const card = page.getByRole('region', { name: 'Spend and budgets' });
    const stats = card.getByLabel('Agent spend');
    await expect(stats).toContainText('Spend today$2.50');
    await expect(stats).toContainText(`Spend this month$2.50Since ${monthStartIso()} 00:00 UTC`);

    const budgets = card.getByRole('table', { name: 'Budgets covering this agent' });
    const row = (name: string) => budgets.getByRole('row', { name: new RegExp(name) });
    // $2.50 of $10 = 25 %, of $4 = 62 % (floored, as on the Costs page).
    await expect(row(names.day)).toContainText(/This agent\s*\$2\.50\s*\$10\.00\s*25 %/);
    await expect(row(names.day)).toContainText('Per day (UTC)');
    await expect(row(names.day)).toContainText('Pause');
    await expect(row(names.month)).toContainText(/This agent\s*\$2\.50\s*\$4\.00\s*62 %/);
    await expect(row(names.month)).toContainText('Stop');
    // The global budget started from the whole ledger and took this request's $3.25 on top.
    const global = await db.budget.findUniqueOrThrow({ where: { id: budgetIds[2] } });
    expect(Number(global.spent)).toBe(globalSpent + 3_250_000);
    await expect(row(names.global)).toContainText(
      `All spend${formatUsdText(global.spent)}$1,000,000.00`,
    );
    await expect(row(names.global)).toContainText('All time');
    await expect(row(names.global)).toContainText('Warn');
    // Agent budgets first, then by period.
    await expect(budgets.getByRole('row').nth(1)).toContainText(names.day);
    await expect(budgets.getByRole('row').nth(2)).toContainText(names.month);

    // Spend per UTC day, last 30 days, against the agent's own daily budget (a red rule).
    const daily = card.getByRole('region', { name: 'Spend per day' });
    await expect(daily).toContainText(
      `The red line is the daily budget ${names.day}: $10.00 per day.`,
    );
    await expect(daily.locator('.recharts-bar-rectangle').last()).toBeVisible();
    await expect(daily.locator('svg').getByText('Daily budget $10.00')).toBeVisible();
    const caption = daily.locator('figcaption');
    await expect(caption).toContainText(
      /; [A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}: \$2\.50\. Daily budget \$10\.00\.$/,
    );
    expect((await caption.textContent())!.match(/: \$/g)).toHaveLength(30);

    // The other agent has no budget of its own: only the global one covers it.
    await page.goto(`/agents/${run.pricer.id}`);
    const pricerCard = page.getByRole('region', { name: 'Spend and budgets' });
    await expect(pricerCard.getByLabel('Agent spend')).toContainText('Spend today$0.75');
    await expect(pricerCard.getByRole('region', { name: 'Spend per day' })).toContainText(
      'No daily budget of its own: no limit line.',
    );
    await expect(pricerCard.locator('.recharts-bar-rectangle').last()).toBeVisible();
    await expect(pricerCard.locator('svg').getByText(/Daily budget/)).toHaveCount(0);
    await expect(
      pricerCard.getByRole('table', { name: 'Budgets covering this agent' }).getByRole('row'),
    ).toHaveCount(2);
  } finally {
    await deleteBudgets(request, adminToken, budgetIds);
    await run.close();
  }
});

test('[COSTS][OVERVIEW]: the Overview holds today and the month to date against the global budgets, or says there is none', async ({
  adminPage: page,
  browser,
  request,
  db,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const adminToken = await createToken('admin');
  const monthSpend = async () => {
    const start = new Date(`${monthStartIso()}T00:00:00Z`);
    const sum = await db.costEntry.aggregate({
      where: { createdAt: { gte: start } },
      _sum: { amount: true },
    });
    return sum._sum.amount ?? 0n;
  };
  const todaySpend = async () => {
    const start = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const sum = await db.costEntry.aggregate({
      where: { createdAt: { gte: start } },
      _sum: { amount: true },
    });
    return sum._sum.amount ?? 0n;
  };
  const card = page.getByRole('region', { name: 'This month against the global budget' });
  const todayCard = page.getByRole('region', { name: 'Today against the global budget' });

  // No global budget: an admin is pointed to Costs, a viewer only told.
  await page.goto('/');
  await expect(todayCard).toContainText(`Spend today${formatUsdText(await todaySpend())}Since`);
  await expect(todayCard).toContainText('No daily global budget');
  await expect(card).toContainText('No global budget: fleet spend is not capped.');
  await expect(card.getByRole('link', { name: 'Create one on the Costs page' })).toHaveAttribute(
    'href',
    '/costs',
  );
  await expect(card).toContainText(`Month to date${formatUsdText(await monthSpend())}Since`);
  const viewerContext = await browser.newContext();
  try {
    const viewerPage = await viewerContext.newPage();
    await signIn(viewerPage, await createUser('viewer'));
    const viewerCard = viewerPage.getByRole('region', {
      name: 'This month against the global budget',
    });
    await expect(viewerCard).toContainText('An admin can create one on the Costs page.');
    await expect(viewerCard.getByRole('link')).toHaveCount(0);
  } finally {
    await viewerContext.close();
  }

  const name = `Fleet month ${unique()}`;
  const budget = await createBudget(request, adminToken, {
    name,
    scope: 'global',
    period: 'month',
    mode: 'warn',
    limitMicros: 100_000_000,
  });
  const dayName = `Fleet day ${unique()}`;
  const dayBudget = await createBudget(request, adminToken, {
    name: dayName,
    scope: 'global',
    period: 'day',
    mode: 'warn',
    limitMicros: 1_000_000_000_000,
  });
  try {
    // A new budget starts from the month's ledger; a request run now adds its $3.25.
    const run = await costedRequest(request, await createToken('operator'), { hold: false });
    try {
      await removeRequest(db, run.requestId);
    } finally {
      await run.close();
    }
    const used = BigInt(budget.spentMicros) + 3_250_000n;
    expect((await db.budget.findUniqueOrThrow({ where: { id: budget.id } })).spent).toBe(used);

    await page.reload();
    await expect(card).toContainText(`Month to date${formatUsdText(await monthSpend())}Since`);
    await expect(card).toContainText(`Global budget${name}`);
    await expect(card).toContainText(
      `Used${formatUsdText(used)} of $100.00 ${(used * 100n) / 100_000_000n} %`,
    );
    await expect(card).toContainText('Per month (UTC)');
    await expect(card).toContainText('When reachedWarn');
    await expect(card.getByRole('link')).toHaveCount(0);

    // Today (UTC) beside the month, against the daily global budget, which took the $3.25 too.
    const dayUsed = BigInt(dayBudget.spentMicros) + 3_250_000n;
    await expect(todayCard).toContainText(`Spend today${formatUsdText(await todaySpend())}Since`);
    await expect(todayCard).toContainText(`Global budget${dayName}`);
    await expect(todayCard).toContainText(`Used${formatUsdText(dayUsed)} of $1,000,000.00 0 %`);
    await expect(todayCard).toContainText('Per day (UTC)');
    await expect(todayCard).not.toContainText(name);
  } finally {
    await deleteBudgets(request, adminToken, [budget.id, dayBudget.id]);
  }
});

test('[COSTS][WARN]: a warn budget that goes over lets the request finish and says so on the request, Costs and Overview pages', async ({
  adminPage: page,
  browser,
  request,
  db,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const adminToken = await createToken('admin');
  const name = `Reporter warn ${unique()}`;
  const budgetIds: string[] = [];
  // $1.00 a day on Reporter, warn only: its $2.50 call goes over, and the request still succeeds.
  const run = await costedRequest(request, await createToken('operator'), {
    hold: false,
    beforeSubmit: async ({ reporterId }) => {
      const budget = await createBudget(request, adminToken, {
        name,
        scope: 'agent',
        scopeId: reporterId,
        period: 'day',
        mode: 'warn',
        limitMicros: 1_000_000,
      });
      budgetIds.push(budget.id);
    },
  });
  try {
    await page.goto(`/requests/${run.requestId}`);
    await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 20_000 });
    await page.reload();
    const requestBanner = page.getByRole('region', { name: 'Budget warnings' });
    await expect(requestBanner).toHaveText(
      `Budget ${name} went over its limit during this request ($2.50 of $1.00) — work continued because its mode is warn.`,
    );

    const fleetBanner = `Budget ${name} is over its limit ($2.50 of $1.00 today (UTC)) — work continues because its mode is warn.`;
    for (const path of ['/costs', '/']) {
      await page.goto(path);
      await expect(page.getByRole('region', { name: 'Budget warnings' })).toContainText(
        fleetBanner,
      );
    }
    // A viewer is warned too: everyone who reads costs should notice.
    const viewerContext = await browser.newContext();
    try {
      const viewerPage = await viewerContext.newPage();
      await signIn(viewerPage, await createUser('viewer'));
      await viewerPage.goto('/costs');
      await expect(viewerPage.getByRole('region', { name: 'Budget warnings' })).toContainText(
        fleetBanner,
      );
    } finally {
      await viewerContext.close();
    }

    // Raised above the spend: no longer over, the banner goes.
    const raised = await request.patch(`/api/v1/budgets/${budgetIds[0]}`, {
      headers: bearer(adminToken),
      data: { limitMicros: 5_000_000 },
    });
    expect(raised.status(), await raised.text()).toBe(200);
    await page.goto('/costs');
    await expect(page.getByRole('heading', { name: 'Costs', level: 1 })).toBeVisible();
    await expect(page.getByText(fleetBanner)).toHaveCount(0);
  } finally {
    await deleteBudgets(request, adminToken, budgetIds);
    await removeRequest(db, run.requestId);
    await run.close();
  }
});
