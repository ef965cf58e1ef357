import { startTestMcpServer } from '../lib/testing/mcp-server';
import { expect, test } from './support/fixtures';

test('[AGENTS][MAINTENANCE]: an operator registers a webhook agent after fixing field errors, puts it into maintenance and sees the history and uptime', async ({
  page,
  createUser,
  signIn,
  baseURL,
}) => {
  await signIn(page, await createUser('operator'));
  await page.goto('/agents');
  await page.getByRole('link', { name: 'Register agent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register agent' })).toBeVisible();

  // Bad input first: each problem is named next to its field, and what was typed stays.
  await page.getByRole('radio', { name: 'Webhook' }).check();
  await page.getByLabel('Name', { exact: true }).fill('Not A Slug');
  await page.getByLabel('Endpoint URL').fill('ftp://hooks.example.com');
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await page.getByLabel('Price per call (USD)').fill('0.1234567');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
    /lower-case letters, digits and dashes/,
  );
  await expect(page.getByLabel('Endpoint URL')).toHaveAccessibleDescription('Use http or https.');
  await expect(page.getByLabel('Price per call (USD)')).toHaveAccessibleDescription(
    /dollar amount/,
  );
  const capability = page.getByRole('group', { name: 'Capability 1' });
  await expect(capability.getByLabel('Capability name')).toHaveAccessibleDescription(
    /Enter a capability name/,
  );
  await expect(page.getByLabel('Endpoint URL')).toHaveValue('ftp://hooks.example.com');

  const name = `e2e-hook-${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Endpoint URL').fill(`${baseURL}/api/v1/health`);
  await page.getByLabel('Price per call (USD)').fill('0.0005');
  await capability.getByLabel('Capability name').fill('health_report');
  await capability.getByLabel('Tags').fill('ops, health');
  await page.getByRole('button', { name: 'Register', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('$0.0005', { exact: true })).toBeVisible();
  await expect(page.getByText('health_report', { exact: true })).toBeVisible();

  // Maintenance needs a reason; with one, the change is recorded with who made it.
  await page.getByRole('button', { name: 'Put into maintenance' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(/Give a reason/);
  await page.getByLabel('Reason').fill('Rotating the webhook secret');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('button', { name: 'Return to service' })).toBeVisible();

  const history = page.getByRole('region', { name: 'Status history' });
  const entry = history.getByRole('row').filter({ hasText: 'Rotating the webhook secret' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('Active');
  await expect(entry).toContainText('Maintenance');

  const uptime = page.getByRole('region', { name: 'Uptime' });
  await expect(uptime.getByTestId('uptime-summary')).toHaveText(/100%\s*over 24 h/);
  await expect(uptime.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await uptime.getByRole('link', { name: '7d' }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(uptime.getByTestId('uptime-summary')).toContainText('over 7 days');

  // The agent appears in the filtered list with its new status.
  await page.goto(`/agents?status=MAINTENANCE&search=${name}`);
  await expect(page.getByRole('link', { name })).toBeVisible();
});

test('[AGENTS][ACCESS]: a viewer sees the fleet but no register or status controls', async ({
  page,
  createUser,
  signIn,
}) => {
  await signIn(page, await createUser('viewer'));
  await page.goto('/agents');
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Register agent' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Calculator' }).first().click();
  await expect(page.getByRole('heading', { name: 'Status history' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Put into maintenance' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Unregister' })).toHaveCount(0);

  const response = await page.goto('/agents/new');
  expect(response?.status()).toBe(403);
});

test('[AGENTS][A2A]: an operator registers Baton’s own calculator over A2A by URL on a fresh install', async ({
  page,
  createUser,
  signIn,
  baseURL,
}) => {
  await signIn(page, await createUser('operator'));
  await page.goto('/agents/new');
  await page.getByRole('radio', { name: 'A2A' }).check();

  // A URL with no agent card is refused with the reason, next to the field.
  await page.getByLabel('Endpoint URL').fill(`${baseURL}/api/a2a/builtin/no-such-agent`);
  await page.getByRole('button', { name: 'Read agent card' }).click();
  await expect(page.getByLabel('Endpoint URL')).toHaveAccessibleDescription(/agent-card\.json/);

  await page.getByLabel('Endpoint URL').fill(`${baseURL}/api/a2a/builtin/calculator`);
  await page.getByRole('button', { name: 'Read agent card' }).click();
  const card = page.getByRole('region', { name: 'Agent card' });
  await expect(card).toContainText('Calculator');
  await expect(card).toContainText('calculate');

  const name = `remote-calc-${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Register', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();
  const capabilities = page.getByRole('region', { name: 'Capabilities' });
  await expect(capabilities.getByText('calculate', { exact: true })).toBeVisible();
});

test('[AGENTS][EDIT]: an operator edits an agent', async ({
  page,
  request,
  baseURL,
  createUser,
  createToken,
  signIn,
}) => {
  const name = `e2e-edit-${Date.now().toString(36)}`;
  const created = await request.post('/api/v1/agents', {
    headers: { Authorization: `Bearer ${await createToken('operator')}` },
    data: {
      kind: 'webhook',
      name,
      endpointUrl: `${baseURL}/api/v1/health`,
      secret: 'hook-secret',
      capabilities: [{ name: 'health_report', tags: ['ops'] }],
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()).data;

  await signIn(page, await createUser('operator'));
  await page.goto(`/agents/${id}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edit ${name}` })).toBeVisible();

  // Prefilled with the current values; the stored secret is never sent to the page.
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue('');
  await expect(
    page.getByRole('group', { name: 'Capability 1' }).getByLabel('Capability name'),
  ).toHaveValue('health_report');

  // A bad value is named next to its field (the Advanced section opens), and typing is kept.
  await page.getByLabel('Display name').fill('Health hook');
  await page.locator('summary', { hasText: 'Advanced' }).click();
  await page.getByLabel('Max concurrent tasks').fill('0');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByLabel('Max concurrent tasks')).toHaveAccessibleDescription(
    /at least 1 concurrent task/,
  );
  await expect(page.getByLabel('Display name')).toHaveValue('Health hook');

  await page.getByLabel('Max concurrent tasks').fill('7');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page).toHaveURL(new RegExp(`/agents/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Health hook' })).toBeVisible();
  await expect(page.getByText('0 in flight of 7', { exact: true })).toBeVisible();
  // An empty secret field kept the stored secret.
  await expect(page.getByText('Set', { exact: true })).toBeVisible();
});

test('[AGENTS][MCP]: an operator registers an MCP server by URL and sees its tools as capabilities', async ({
  page,
  createUser,
  signIn,
}) => {
  const tools = await startTestMcpServer({ tools: ['add', 'shout'], secret: 'e2e-mcp-secret' });
  try {
    await signIn(page, await createUser('operator'));
    await page.goto('/agents/new');
    await page.getByRole('radio', { name: 'MCP server' }).check();
    await page.getByLabel('Endpoint URL').fill(tools.url);

    // Without the server's bearer token the listing is refused, and the reason is on the field.
    await page.getByRole('button', { name: 'List tools' }).click();
    await expect(page.getByLabel('Endpoint URL')).toHaveAccessibleDescription(/secret/);

    await page.getByLabel('Bearer token').fill('e2e-mcp-secret');
    await page.getByRole('button', { name: 'List tools' }).click();
    const preview = page.getByRole('region', { name: 'MCP tools' });
    await expect(preview).toContainText('test-tools');
    await expect(preview).toContainText('Tools → capabilities (2)');
    await expect(preview).toContainText('Adds two numbers.');

    const name = `mcp-tools-${Date.now().toString(36)}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(name).first()).toBeVisible();
    await expect(page.getByText('MCP server', { exact: true })).toBeVisible();
    const capabilities = page.getByRole('region', { name: 'Capabilities' });
    await expect(capabilities.getByRole('heading', { name: 'add', exact: true })).toBeVisible();
    await expect(capabilities.getByRole('heading', { name: 'shout', exact: true })).toBeVisible();
    await capabilities.getByText('Input schema').first().click();
    await expect(capabilities.getByText('"required"').first()).toBeVisible();
  } finally {
    await tools.stop();
  }
});
