import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './support/fixtures';

/**
 * A webhook agent (docs/agents/webhook-contract.md) that takes every task and never answers, so a
 * task stays Running until Baton aborts the call. Health checks (GET) are answered, so the agent
 * stays Active.
 */
async function startSilentWebhook(): Promise<{
  url: string;
  calls: () => number;
  aborted: () => number;
  close: () => Promise<void>;
}> {
  let calls = 0;
  let aborted = 0;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    calls += 1;
    req.resume();
    res.on('close', () => {
      if (!res.writableEnded) aborted += 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tasks`,
    calls: () => calls,
    aborted: () => aborted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test('[REQUESTS][SUBMIT]: an operator submits a text request and watches it succeed', async ({
  page,
  createUser,
  signIn,
}) => {
  test.setTimeout(60_000);
  await signIn(page, await createUser('operator'));
  await page.goto('/requests');
  const form = page.getByRole('form', { name: 'New request' });

  // An empty request is refused next to the field.
  await form.getByRole('button', { name: 'Submit request' }).click();
  await expect(
    form.getByRole('textbox', { name: 'Request', exact: true }),
  ).toHaveAccessibleDescription('Enter what the request should do.');

  const text = "Calculate 15 * 7 and count the words in 'Hello world'";
  await form.getByRole('textbox', { name: 'Request', exact: true }).fill(text);
  await form.getByRole('button', { name: 'Submit request' }).click();

  await expect(page).toHaveURL(/\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: text })).toBeVisible();
  await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('request-result')).toContainText('105');

  const tasks = page.getByRole('region', { name: 'Tasks' });
  const taskRow = (capability: string) =>
    tasks
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: capability, exact: true }) });
  const calculate = taskRow('calculate');
  const countWords = taskRow('count_words');
  await expect(calculate).toContainText('Succeeded');
  await expect(calculate).toContainText('105');
  await expect(countWords).toContainText('Succeeded');

  // A task opens to its attempts and the reasons it was routed where it was.
  await calculate.getByRole('button', { name: /^Details of task/ }).click();
  const attempts = page.getByRole('region', { name: /^Attempts of task/ });
  await expect(attempts.getByRole('row').nth(1)).toContainText('Succeeded');
  const routing = page.getByRole('region', { name: /^Routing of task/ });
  await expect(routing).toContainText('Capability match');
  await expect(routing).toContainText('offers the capability');

  const events = page.getByRole('region', { name: 'Events' });
  await expect(events).toContainText('request.submitted');
  await expect(events).toContainText('request.succeeded');

  // The list links to it.
  await page.getByRole('link', { name: '← Requests' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('15 * 7');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/q=15/);
  await expect(page.getByRole('link', { name: text }).first()).toBeVisible();
});

test('[REQUESTS][CANCEL]: an operator cancels a request while its task runs', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const hook = await startSilentWebhook();
  try {
    const capability = `e2e_wait_${unique()}`;
    const registered = await request.post('/api/v1/agents', {
      headers: { Authorization: `Bearer ${await createToken('operator')}` },
      data: {
        kind: 'webhook',
        name: `e2e-silent-${unique()}`,
        endpointUrl: hook.url,
        capabilities: [{ name: capability }],
      },
    });
    expect(registered.status()).toBe(201);

    await signIn(page, await createUser('operator'));
    await page.goto('/requests');
    const form = page.getByRole('form', { name: 'New request' });
    await form.getByRole('radio', { name: 'Workflow JSON' }).check();
    await form
      .getByRole('textbox', { name: 'Workflow JSON' })
      .fill(JSON.stringify({ tasks: [{ ref: 'wait', capability, timeoutMs: 600000 }] }));
    await form.getByRole('button', { name: 'Submit request' }).click();

    await expect(page.getByRole('heading', { level: 1, name: capability })).toBeVisible();
    const task = page
      .getByRole('region', { name: 'Tasks' })
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Details of task wait' }) });
    // The page follows the request live: no reload.
    await expect(task).toContainText('Running', { timeout: 20_000 });
    await expect.poll(hook.calls).toBe(1);

    await page.getByRole('button', { name: 'Cancel request', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, cancel request' }).click();

    await expect(page.getByTestId('request-status')).toHaveText('Cancelled');
    await expect(task).toContainText('Cancelled');
    await expect(page.getByRole('button', { name: 'Cancel request', exact: true })).toHaveCount(0);
    // Baton hung up on the agent rather than leaving the call open.
    await expect.poll(hook.aborted, { timeout: 15_000 }).toBe(1);
  } finally {
    await hook.close();
  }
});

test('[REQUESTS][ACCESS]: a viewer follows a request but has no submit, approval or cancel controls', async ({
  page,
  browser,
  createUser,
  signIn,
}) => {
  test.setTimeout(60_000);
  // An operator submits a request that waits for approval.
  const operatorContext = await browser.newContext();
  const operatorPage = await operatorContext.newPage();
  try {
    await signIn(operatorPage, await createUser('operator'));
    await operatorPage.goto('/requests');
    const form = operatorPage.getByRole('form', { name: 'New request' });
    const text = `Calculate 6 * 7 (${unique()})`;
    await form.getByRole('textbox', { name: 'Request', exact: true }).fill(text);
    await form.getByRole('checkbox', { name: 'Require approval' }).check();
    await form.getByRole('button', { name: 'Submit request' }).click();
    await expect(operatorPage.getByTestId('request-status')).toHaveText('Awaiting approval', {
      timeout: 20_000,
    });
    const approval = operatorPage.getByRole('region', { name: 'Awaiting approval' });
    await expect(approval.getByRole('row').filter({ hasText: 'calculate' })).toContainText(
      'Calculator',
    );
    await expect(approval.getByRole('button', { name: 'Approve' })).toBeVisible();
    const url = operatorPage.url();

    // The viewer sees the same plan, and nothing to press.
    await signIn(page, await createUser('viewer'));
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1, name: text })).toBeVisible();
    await expect(page.getByTestId('request-status')).toHaveText('Awaiting approval');
    const viewerApproval = page.getByRole('region', { name: 'Awaiting approval' });
    await expect(viewerApproval).toContainText('An operator approves or rejects this plan.');
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reject' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);

    // The operator rejects the plan; the viewer's page follows without a reload.
    await approval.getByRole('button', { name: 'Reject' }).click();
    await expect(operatorPage.getByTestId('request-status')).toHaveText('Cancelled');
    await expect(page.getByTestId('request-status')).toHaveText('Cancelled', { timeout: 15_000 });
    await expect(page.getByRole('alert').filter({ hasText: 'rejected by' })).toBeVisible();

    await page.goto('/requests');
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'New request' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Submit request' })).toHaveCount(0);
  } finally {
    await operatorContext.close();
  }
});

test('[REQUESTS][PLANNER]: an admin picks the LLM planner and an operator approves the agent it proposed', async ({
  adminPage,
  browser,
  request,
  db,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const suffix = unique();
  const plannerName = `e2e-planner-${suffix}`;
  const registered = await request.post('/api/v1/agents', {
    headers: { Authorization: `Bearer ${await createToken('operator')}` },
    data: {
      kind: 'openai',
      name: plannerName,
      // Nothing listens here: the planner is never called in this test.
      endpointUrl: 'http://127.0.0.1:9/v1',
      config: { model: 'planner-model' },
      secret: 'sk-e2e-planner-secret',
      capabilities: [{ name: `plan_${suffix}` }],
    },
  });
  expect(registered.status()).toBe(201);
  const plannerId: string = (await registered.json()).data.id;

  // Settings → Planner (admin).
  await adminPage.goto('/settings');
  const plannerForm = adminPage.getByRole('form', { name: 'LLM planner' });
  await plannerForm.getByLabel('Planner agent').selectOption(plannerId);
  await plannerForm.getByRole('button', { name: 'Save planner' }).click();
  await expect(plannerForm.getByRole('status')).toHaveText(
    `The LLM planner now uses ${plannerName}.`,
  );
  await adminPage.reload();
  await expect(adminPage.getByLabel('Planner agent')).toHaveValue(plannerId);

  // The planner proposed an agent for a capability nobody offers (as the plan job records it).
  const proposal = await db.agentProposal.create({
    data: {
      baseAgentId: plannerId,
      name: `e2e-legal-${suffix}`,
      capability: `legal_review_${suffix}`,
      description: 'Reviews contracts for risky clauses.',
      model: 'legal-model',
      systemPrompt: 'You review contracts.',
    },
  });

  // An operator, in a browser of their own.
  const operatorContext = await browser.newContext();
  const page = await operatorContext.newPage();
  try {
    await signIn(page, await createUser('operator'));
    await page.goto('/agents');
    const proposals = page.getByRole('region', { name: /^Proposed agents/ });
    const item = proposals.getByRole('listitem').filter({ hasText: proposal.name });
    await expect(item).toContainText(proposal.capability);
    await expect(item).toContainText(plannerName);
    await item.getByRole('button', { name: `Approve ${proposal.name}` }).click();
    await expect(proposals.getByText(proposal.name)).toHaveCount(0);

    await page.goto(`/agents?search=${proposal.name}`);
    await page.getByRole('link', { name: proposal.name }).click();
    await expect(page.getByRole('heading', { level: 1, name: proposal.name })).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Capabilities' }).getByText(proposal.capability, {
        exact: true,
      }),
    ).toBeVisible();
    await expect(page.getByText('legal-model')).toBeVisible();
    // The planner's secret came along (re-encrypted for the new agent), never shown.
    await expect(page.getByText('Set', { exact: true })).toBeVisible();
  } finally {
    await operatorContext.close();
  }

  // Back to no LLM planner, so other tests plan heuristically.
  await adminPage.goto('/settings');
  await adminPage.getByLabel('Planner agent').selectOption('');
  await adminPage.getByRole('button', { name: 'Save planner' }).click();
  await expect(adminPage.getByRole('form', { name: 'LLM planner' }).getByRole('status')).toHaveText(
    /No LLM planner/,
  );
});

test('[REQUESTS][ROUTING]: the default strategy an admin sets is what a new request starts with', async ({
  adminPage,
  request,
  createToken,
}) => {
  await adminPage.goto('/settings');
  const form = adminPage.getByRole('form', { name: 'Default routing strategy' });
  try {
    await form.getByLabel('Default strategy').selectOption('least_loaded');
    await form.getByRole('button', { name: 'Save strategy' }).click();
    await expect(form.getByRole('status')).toHaveText(/routed by least_loaded/);
    await adminPage.goto('/requests');
    await expect(adminPage.getByLabel('Routing strategy')).toHaveValue('least_loaded');

    // Embeddings for semantic routing: an OpenAI-compatible agent and a model, or none.
    const embedder = await request.post('/api/v1/agents', {
      headers: { Authorization: `Bearer ${await createToken('operator')}` },
      data: {
        kind: 'openai',
        name: `e2e-embedder-${unique()}`,
        endpointUrl: 'http://127.0.0.1:9/v1',
        config: { model: 'chat-model' },
        capabilities: [{ name: `embed_${unique()}` }],
      },
    });
    expect(embedder.status(), await embedder.text()).toBe(201);
    const embedderId: string = (await embedder.json()).data.id;
    await adminPage.goto('/settings');
    const embeddings = adminPage.getByRole('form', { name: 'Embeddings for semantic routing' });
    await embeddings.getByLabel('Embeddings endpoint').selectOption(embedderId);
    await embeddings.getByRole('button', { name: 'Save embeddings' }).click();
    await expect(
      embeddings
        .getByText('Name the embedding model.')
        .or(embeddings.getByText(/Enter the embedding model/)),
    ).toBeVisible();
    await embeddings.getByLabel('Embedding model').fill('embed-model');
    await embeddings.getByRole('button', { name: 'Save embeddings' }).click();
    await expect(embeddings.getByRole('status')).toHaveText(
      'Semantic routing now embeds with embed-model.',
    );
    await embeddings.getByLabel('Embeddings endpoint').selectOption('');
    await embeddings.getByRole('button', { name: 'Save embeddings' }).click();
    await expect(embeddings.getByRole('status')).toHaveText(/ranks with BM25/);
  } finally {
    await adminPage.goto('/settings');
    await form.getByLabel('Default strategy').selectOption('capability');
    await form.getByRole('button', { name: 'Save strategy' }).click();
    await expect(form.getByRole('status')).toHaveText(/routed by capability/);
  }
});
