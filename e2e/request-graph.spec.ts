import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

/**
 * The request page's execution graph (issue 10) in Chromium, against real agents: Baton's builtin
 * agents for the seed examples, and webhook agents (docs/agents/webhook-contract.md) served here
 * whose answers each test scripts.
 */

type Reply = (body: { attempt: number }, res: ServerResponse) => void;

async function startWebhook(reply: Reply): Promise<{
  url: string;
  calls: () => number;
  close: () => Promise<void>;
}> {
  let calls = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    calls += 1;
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => reply(JSON.parse(raw) as { attempt: number }, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tasks`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, output: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ output }));
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function registerWebhook(
  request: APIRequestContext,
  token: string,
  url: string,
  capability: string,
) {
  const registered = await request.post('/api/v1/agents', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      kind: 'webhook',
      name: `e2e-graph-${unique()}`,
      endpointUrl: url,
      capabilities: [{ name: capability }],
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);
}

async function submitWorkflow(request: APIRequestContext, token: string, workflow: unknown) {
  const submitted = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token}` },
    data: { workflow },
  });
  expect(submitted.status(), await submitted.text()).toBe(202);
  return ((await submitted.json()) as { data: { id: string } }).data.id;
}

const graphOf = (page: Page) => page.getByRole('region', { name: 'Execution graph' });
const taskNode = (page: Page, ref: string) =>
  graphOf(page).getByRole('group', { name: new RegExp(`^Task ${ref}:`) });

test('[REQUESTS][GRAPH]: a running node turns from running to succeeded without a reload', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  let release: (() => void) | null = null;
  const hook = await startWebhook((_body, res) => {
    release = () => answer(res, 'done');
  });
  try {
    const token = await createToken('operator');
    const capability = `e2e_hold_${unique()}`;
    await registerWebhook(request, token, hook.url, capability);
    await signIn(page, await createUser('viewer'));
    const id = await submitWorkflow(request, token, {
      tasks: [{ ref: 'hold', capability }],
    });
    await page.goto(`/requests/${id}`);

    const node = taskNode(page, 'hold');
    await expect(node).toContainText('Running', { timeout: 20_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await expect.poll(hook.calls).toBe(1);
    await expect(graphOf(page).getByRole('group', { name: /^Synthesis:/ })).toContainText(
      'Pending',
    );

    release!();
    await expect(node).toContainText('Succeeded', { timeout: 15_000 });
    await expect(node).toContainText('attempt 1');
    await expect(graphOf(page).getByRole('group', { name: /^Synthesis:/ })).toContainText(
      'Succeeded',
    );
    await expect(page.getByTestId('request-status')).toHaveText('Succeeded');
    // The stream ended with the request: no "live" indicator is left behind.
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toHaveCount(0);
  } finally {
    await hook.close();
  }
});

test('[REQUESTS][GRAPH]: an operator retries a failed node from the drawer and the graph shows attempt 2', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
  db,
}) => {
  test.setTimeout(60_000);
  const hook = await startWebhook((body, res) => {
    if (body.attempt === 1) res.writeHead(500).end();
    else answer(res, 'second time lucky');
  });
  try {
    const token = await createToken('operator');
    const capability = `e2e_flaky_${unique()}`;
    await registerWebhook(request, token, hook.url, capability);
    const operator = await createUser('operator');
    await signIn(page, operator);
    const id = await submitWorkflow(request, token, {
      tasks: [{ ref: 'flaky', capability, maxAttempts: 1 }],
    });
    await page.goto(`/requests/${id}`);
    await expect(page.getByTestId('request-status')).toHaveText('Failed', { timeout: 20_000 });
    const node = taskNode(page, 'flaky');
    await expect(node).toContainText('Failed');

    await node.click();
    const drawer = page.getByRole('complementary', { name: 'Task flaky' });
    await expect(drawer.getByTestId('drawer-status')).toHaveText('✕Failed');
    await expect(drawer.getByRole('region', { name: 'Attempts of flaky' })).toContainText('Server');
    await drawer.getByRole('button', { name: 'Retry task' }).click();
    await drawer.getByRole('button', { name: 'Yes, retry flaky' }).click();

    await expect(node).toContainText('Succeeded', { timeout: 20_000 });
    await expect(node).toContainText('attempt 2');
    await expect(drawer.getByTestId('drawer-attempts')).toHaveText('2 of 1');
    const attempts = drawer
      .getByRole('region', { name: 'Attempts of flaky' })
      .getByRole('listitem');
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(1)).toContainText('Succeeded');
    // The output is not in the page's live view: the drawer read the task again on its events.
    await expect(drawer.getByRole('region', { name: 'Output' })).toContainText('second time lucky');
    await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 15_000 });
    expect(hook.calls()).toBe(2);

    // The operator's action is in the audit log.
    const audit = await db.auditLog.findFirst({
      where: { action: 'task.retried', targetId: id },
      select: { actor: true },
    });
    expect(audit?.actor).toBe(`user:${operator.id}`);
  } finally {
    await hook.close();
  }
});

test('[REQUESTS][GRAPH]: an operator replays, downloads the trace and works the graph by keyboard', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const token = await createToken('viewer');
  await signIn(page, await createUser('operator'));
  await page.goto('/requests');
  const form = page.getByRole('form', { name: 'New request' });
  const text = `Calculate 25 * 4 and format the result as JSON (${unique()})`;
  await form.getByRole('textbox', { name: 'Request', exact: true }).fill(text);
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 30_000 });
  const id = /\/requests\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

  const nodes = graphOf(page).getByRole('group', { name: /^Task / });
  await expect(nodes).toHaveCount(2);
  for (const node of await nodes.all()) await expect(node).toContainText('Succeeded');
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Succeeded (2)');
  await expect(
    page.getByRole('list', { name: 'Attempts by agent' }).getByRole('listitem'),
  ).not.toHaveCount(0);

  // Replay: the first event is the submission, before any task ran.
  await page.getByRole('button', { name: 'Replay' }).click();
  const slider = page.getByRole('slider', { name: 'Replay position' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('replay-position-label')).toContainText('Event 1 of');
  await expect(page.getByTestId('replay-position-label')).toContainText('request.submitted');
  for (const node of await nodes.all()) await expect(node).toContainText('Pending');
  await expect(graphOf(page).getByRole('group', { name: /^Synthesis:/ })).toContainText('Pending');
  await page.keyboard.press('End');
  for (const node of await nodes.all()) await expect(node).toContainText('Succeeded');
  await page.getByRole('button', { name: 'Back to live' }).click();

  // The ASCII download is the run's trace.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'ASCII trace' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`trace-${id}.txt`);
  const ascii = await readFile((await download.path())!, 'utf8');
  const api = await request.get(`/api/v1/requests/${id}/trace?format=ascii`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(await api.text()).toBe(ascii);
  expect(ascii).toContain(`Request ${id}: [ok] succeeded, 2 tasks`);
  expect(ascii.match(/\| \[ok\] succeeded/g)).toHaveLength(3);
  expect(ascii).toContain('calculator, 1/3 attempts');
  expect(ascii).toContain('json-formatter, 1/3 attempts');
  // An arrow down from each level to the next, ending in the synthesis box.
  expect(ascii.match(/\n {18}\|\n {18}v\n/g)).toHaveLength(2);
  expect(ascii).toContain('| synthesis ');

  // Keyboard: from the last download link, Tab reaches the first node; Enter opens it.
  await page.getByRole('link', { name: 'JSON trace' }).focus();
  await page.keyboard.press('Tab');
  const first = nodes.first();
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  const drawer = page.getByRole('complementary', { name: /^Task / });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(drawer.getByRole('region', { name: /^Routing of / })).toContainText('chose');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('[REQUESTS][GRAPH]: the drawer reads a node’s detail when it opens, says when it cannot, and tries again', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const token = await createToken('operator');
  const submitted = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token}` },
    data: { input: `Calculate 25 * 4 and format the result as JSON (${unique()})` },
  });
  expect(submitted.status()).toBe(202);
  const { data } = (await submitted.json()) as { data: { id: string } };
  await signIn(page, await createUser('viewer'));
  await page.goto(`/requests/${data.id}`);
  await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 30_000 });
  // The page itself does not carry the routing explanation: the drawer reads it.
  const html = await (await page.request.get(`/requests/${data.id}`)).text();
  expect(html).not.toContain('offers the capability');

  // The first read is held, then fails: the drawer says it is loading, then what went wrong.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/requests/*/tasks/*', async (route) => {
    await held;
    await route.fulfill({
      status: 503,
      json: { error: { code: 'UNAVAILABLE', message: 'Down for a moment.' } },
    });
  });
  await graphOf(page)
    .getByRole('group', { name: /^Task / })
    .first()
    .click();
  const drawer = page.getByRole('complementary', { name: /^Task / });
  await expect(drawer.getByTestId('drawer-detail-loading')).toBeVisible();
  await expect(drawer.getByTestId('drawer-status')).toContainText('Succeeded');
  release();
  await expect(drawer.getByRole('alert')).toContainText(
    'The details could not be loaded: Down for a moment.',
  );
  await expect(drawer.getByRole('region', { name: /^Routing of / })).toHaveCount(0);

  await page.unroute('**/api/v1/requests/*/tasks/*');
  await drawer.getByRole('button', { name: 'Try again' }).click();
  await expect(drawer.getByRole('region', { name: /^Routing of / })).toContainText(
    'offers the capability',
  );
  await expect(drawer.getByRole('region', { name: 'Output' })).toContainText('100');
  await expect(drawer.getByRole('alert')).toHaveCount(0);
});
