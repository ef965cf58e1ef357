/**
 * Issue 15, as an operator meets it: refusals where they typed (form and API), an unknown workflow
 * key named with a suggestion, the register form's errors clearing and the card naming the agent,
 * people by name and event details as fields, builtin outputs as values, workflow titles in lists,
 * and a running attempt's elapsed time against its timeout.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PLANNER_SETTING_KEY } from '../lib/server/execution/plan';
import { startChatServer } from '../lib/testing/execution';
import { expect, test } from './support/fixtures';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A webhook that takes each task and never answers (health checks are answered). */
async function startSilentWebhook(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tasks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('[POLISH][REFUSE]: unplannable requests are refused on the form, naming the problem, and nothing is saved', async ({
  page,
  createUser,
  signIn,
  db,
}) => {
  await signIn(page, await createUser('operator'));
  await page.goto('/requests');
  const form = page.getByRole('form', { name: 'New request' });
  const before = await db.request.count();

  // Text no capability matches.
  const text = form.getByRole('textbox', { name: 'Request', exact: true });
  await text.fill(`Translate this poem into Klingon ${unique()}`);
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(text).toHaveAccessibleDescription(/No capability matches "Translate this poem/);
  await expect(page).toHaveURL(/\/requests$/);
  // No LLM planner is configured: nothing else is offered.
  await expect(form.getByRole('button', { name: 'Plan with the LLM planner' })).toHaveCount(0);

  // A workflow with a misspelt key names it and the key that was meant.
  await form.getByRole('radio', { name: 'Workflow JSON' }).check();
  const workflow = form.getByRole('textbox', { name: 'Workflow JSON' });
  await workflow.fill(JSON.stringify({ tasks: [{ ref: 'a', capabilty: 'calculate' }] }));
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(workflow).toHaveAccessibleDescription(
    /unknown key `capabilty` in tasks\.0; did you mean `capability`\?/i,
  );

  // A workflow naming a capability no agent offers, and a ref no task has.
  await workflow.fill(
    JSON.stringify({
      tasks: [
        { ref: 'a', capability: 'teleport' },
        { ref: 'b', capability: 'calculate', dependsOn: ['nowhere'] },
      ],
    }),
  );
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(workflow).toHaveAccessibleDescription(/teleport/);
  await expect(workflow).toHaveAccessibleDescription(/nowhere/);
  await expect(page).toHaveURL(/\/requests$/);
  expect(await db.request.count()).toBe(before);
});

test('[POLISH][LLM]: with an LLM planner configured, the form offers it for text no agent fits', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
  db,
}) => {
  const chat = await startChatServer(() =>
    JSON.stringify({
      tasks: [{ ref: 'poem', capability: 'translate', description: 'Translate', input: 'poem' }],
      proposedAgents: [{ name: 'translator', capability: 'translate', description: 'Translates' }],
    }),
  );
  try {
    const registered = await request.post('/api/v1/agents', {
      headers: { Authorization: `Bearer ${await createToken('operator')}` },
      data: {
        kind: 'openai',
        name: `e2e-planner-${unique()}`,
        endpointUrl: chat.url,
        config: { model: 'planner-1' },
        capabilities: [{ name: `plan_${unique()}` }],
      },
    });
    expect(registered.status()).toBe(201);
    const { data: planner } = (await registered.json()) as { data: { id: string } };
    await db.setting.upsert({
      where: { key: PLANNER_SETTING_KEY },
      create: { key: PLANNER_SETTING_KEY, value: { agentId: planner.id } },
      update: { value: { agentId: planner.id } },
    });

    await signIn(page, await createUser('operator'));
    await page.goto('/requests');
    const form = page.getByRole('form', { name: 'New request' });
    const text = `Translate this poem into Klingon ${unique()}`;
    await form.getByRole('textbox', { name: 'Request', exact: true }).fill(text);
    await form.getByRole('button', { name: 'Submit request' }).click();
    await expect(form.getByRole('combobox', { name: 'Planner' })).toHaveAccessibleDescription(
      /The LLM planner can plan this request and propose an agent/,
    );

    await form.getByRole('button', { name: 'Plan with the LLM planner' }).click();
    await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: text })).toBeVisible();
    const id = page.url().split('/').at(-1)!;
    const stored = await db.request.findUniqueOrThrow({ where: { id } });
    expect(stored.planner).toBe('llm');
    await expect.poll(() => chat.requests.length, { timeout: 20_000 }).toBeGreaterThan(0);
  } finally {
    await db.setting.deleteMany({ where: { key: PLANNER_SETTING_KEY } });
    await chat.stop();
  }
});

test('[POLISH][API]: the API refuses an unplannable workflow with field errors and saves nothing', async ({
  request,
  createToken,
  db,
}) => {
  const token = await createToken('operator');
  const before = await db.request.count();
  const response = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token}` },
    data: { workflow: { tasks: [{ ref: 'a', capability: 'teleport' }] } },
  });
  expect(response.status()).toBe(400);
  const { error } = (await response.json()) as {
    error: { code: string; fields: Record<string, string> };
  };
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.fields['workflow.tasks.0.capability']).toMatch(/teleport/);
  expect(await db.request.count()).toBe(before);

  const typo = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token}` },
    data: { workflow: { tasks: [{ ref: 'a', capabilty: 'calculate' }] } },
  });
  expect(typo.status()).toBe(400);
  expect(JSON.stringify(await typo.json())).toContain('did you mean `capability`');
});

test('[POLISH][REGISTER]: register errors clear once the field is valid, and the card names the agent', async ({
  page,
  createUser,
  signIn,
  baseURL,
}) => {
  await signIn(page, await createUser('operator'));
  await page.goto('/agents/new');
  await page.getByRole('radio', { name: 'Webhook' }).check();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Not A Slug');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(name).toHaveAccessibleDescription(/Use lower-case letters/);
  const endpoint = page.getByLabel('Endpoint URL');
  await expect(endpoint).toHaveAccessibleDescription(/Enter the agent’s URL/);

  // Fixing one field clears its error at once; the other stays until it is fixed too.
  await name.fill(`fixed-${unique()}`);
  await expect(name).not.toHaveAccessibleDescription(/Use lower-case letters/);
  await expect(endpoint).toHaveAccessibleDescription(/Enter the agent’s URL/);
  await endpoint.fill('not a url');
  await expect(endpoint).toHaveAccessibleDescription(/URL/);
  await endpoint.fill('http://127.0.0.1:9/hook');
  await expect(endpoint).not.toHaveAccessibleDescription(/Enter the agent’s URL/);

  // An A2A card's name fills the empty name field.
  await page.goto('/agents/new');
  await page.getByRole('radio', { name: 'A2A' }).check();
  await page.getByLabel('Endpoint URL').fill(`${baseURL}/api/a2a/builtin/calculator`);
  await page.getByRole('button', { name: 'Read agent card' }).click();
  await expect(page.getByRole('region', { name: 'Agent card' })).toContainText('Calculator');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('calculator');
});

test('[POLISH][NAMES]: outputs read as values, workflows by title, people by name, and a running task ticks against its timeout', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(90_000);
  const token = await createToken('operator');
  const operator = await createUser('operator');
  await signIn(page, operator);

  // A builtin's output is its value: count_words shows 2, not {"words":2}.
  const submitted = await request.post('/api/v1/requests', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      workflow: {
        tasks: [
          { ref: 'sum', capability: 'calculate', input: '15 * 7' },
          { ref: 'words', capability: 'count_words', input: `Hello world ${unique()}` },
          { ref: 'out', capability: 'format_json', dependsOn: ['sum', 'words'] },
        ],
      },
    },
  });
  expect(submitted.status()).toBe(202);
  const { data } = (await submitted.json()) as { data: { id: string } };
  await page.goto(`/requests/${data.id}`);
  const title = 'calculate, count_words → format_json';
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 30_000 });
  const tasks = page.getByRole('region', { name: 'Tasks' });
  const row = (ref: string) =>
    tasks
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: `Details of task ${ref}` }) });
  await expect(row('words').getByRole('cell', { name: '3', exact: true })).toBeVisible();
  await expect(row('words')).not.toContainText('{"words"');

  // The list tells workflows apart by title.
  await page.goto('/requests');
  await expect(page.getByRole('link', { name: title }).first()).toBeVisible();

  // A task that runs long ticks against its timeout; cancelling names who did it.
  const hook = await startSilentWebhook();
  try {
    const capability = `e2e_slow_${unique()}`;
    const registered = await request.post('/api/v1/agents', {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        kind: 'webhook',
        name: `e2e-slow-${unique()}`,
        endpointUrl: hook.url,
        capabilities: [{ name: capability }],
      },
    });
    expect(registered.status()).toBe(201);
    const slow = await request.post('/api/v1/requests', {
      headers: { Authorization: `Bearer ${token}` },
      data: { workflow: { tasks: [{ ref: 'slow', capability, timeoutMs: 600_000 }] } },
    });
    const { data: slowRequest } = (await slow.json()) as { data: { id: string } };
    await page.goto(`/requests/${slowRequest.id}`);
    const meter = row('slow').getByRole('meter', {
      name: 'Elapsed time against the attempt timeout',
    });
    await expect(meter).toHaveAttribute('aria-valuetext', / s of 10m 00s$/, { timeout: 20_000 });
    const first = await meter.getAttribute('aria-valuetext');
    await expect
      .poll(() => meter.getAttribute('aria-valuetext'), { timeout: 10_000 })
      .not.toBe(first);

    await page.getByRole('button', { name: 'Cancel request', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, cancel request' }).click();
    await expect(page.getByTestId('request-status')).toHaveText('Cancelled');
    await expect(
      page.getByRole('alert').filter({ hasText: `cancelled by ${operator.email}` }),
    ).toBeVisible({ timeout: 15_000 });
    await page.reload();
    const events = page.getByRole('region', { name: 'Events' });
    const cancelEvent = events
      .getByRole('listitem')
      .filter({ hasText: 'request.cancel_requested' });
    await expect(
      cancelEvent.getByRole('definition').filter({ hasText: operator.email }),
    ).toBeVisible();
    await expect(cancelEvent.getByRole('term').filter({ hasText: 'By:' })).toBeVisible();
    await expect(events).not.toContainText('{"by"');
  } finally {
    await hook.close();
  }
});
