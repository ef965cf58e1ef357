/**
 * Issue 10's remaining checks in Chromium: cancel and skip from the node drawer, the Overview's live
 * activity following a request without a reload, and resuming the event stream with Last-Event-ID.
 * Agents are webhooks served here (docs/agents/webhook-contract.md) and Baton's builtins.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

type Reply = (res: ServerResponse) => void;

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
    req.resume();
    req.on('end', () => reply(res));
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

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function registerWebhook(
  request: APIRequestContext,
  token: string,
  url: string,
  capability: string,
) {
  const registered = await request.post('/api/v1/agents', {
    headers: bearer(token),
    data: {
      kind: 'webhook',
      name: `e2e-actions-${unique()}`,
      endpointUrl: url,
      capabilities: [{ name: capability }],
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);
}

async function submitWorkflow(request: APIRequestContext, token: string, workflow: unknown) {
  const submitted = await request.post('/api/v1/requests', {
    headers: bearer(token),
    data: { workflow },
  });
  expect(submitted.status(), await submitted.text()).toBe(202);
  return ((await submitted.json()) as { data: { id: string } }).data.id;
}

const graphOf = (page: Page) => page.getByRole('region', { name: 'Execution graph' });
const taskNode = (page: Page, ref: string) =>
  graphOf(page).getByRole('group', { name: new RegExp(`^Task ${ref}:`) });

test('[REQUESTS][GRAPH]: an operator cancels a running node from the drawer and its dependent is skipped', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const hook = await startWebhook(() => {
    // Never answers: the task stays Running until Baton aborts the call.
  });
  try {
    const token = await createToken('operator');
    const capability = `e2e_hold_${unique()}`;
    await registerWebhook(request, token, hook.url, capability);
    await signIn(page, await createUser('operator'));
    const id = await submitWorkflow(request, token, {
      tasks: [
        { ref: 'hold', capability, timeoutMs: 600_000 },
        { ref: 'after', capability: 'format_json', dependsOn: ['hold'] },
      ],
    });
    await page.goto(`/requests/${id}`);
    const node = taskNode(page, 'hold');
    await expect(node).toContainText('Running', { timeout: 20_000 });

    await node.click();
    const drawer = page.getByRole('complementary', { name: 'Task hold' });
    await drawer.getByRole('button', { name: 'Cancel task' }).click();
    await drawer.getByRole('button', { name: 'Yes, cancel hold' }).click();

    await expect(node).toContainText('Cancelled', { timeout: 15_000 });
    await expect(taskNode(page, 'after')).toContainText('Skipped');
    expect(hook.calls()).toBe(1);
  } finally {
    await hook.close();
  }
});

test('[REQUESTS][GRAPH]: skipping a failed node from the drawer lets its dependent run, and the request succeeds', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  const hook = await startWebhook((res) => res.writeHead(500).end());
  try {
    const token = await createToken('operator');
    const capability = `e2e_broken_${unique()}`;
    await registerWebhook(request, token, hook.url, capability);
    await signIn(page, await createUser('operator'));
    const id = await submitWorkflow(request, token, {
      tasks: [
        { ref: 'broken', capability, maxAttempts: 1 },
        { ref: 'words', capability: 'count_words', input: 'one two three', dependsOn: ['broken'] },
      ],
    });
    await page.goto(`/requests/${id}`);
    await expect(page.getByTestId('request-status')).toHaveText('Failed', { timeout: 20_000 });
    const node = taskNode(page, 'broken');
    await expect(node).toContainText('Failed');

    await node.click();
    const drawer = page.getByRole('complementary', { name: 'Task broken' });
    await drawer.getByRole('button', { name: 'Skip task' }).click();
    await drawer.getByRole('button', { name: 'Yes, skip broken' }).click();

    await expect(node).toContainText('Skipped', { timeout: 15_000 });
    await expect(taskNode(page, 'words')).toContainText('Succeeded', { timeout: 20_000 });
    await expect(page.getByTestId('request-status')).toHaveText('Succeeded', { timeout: 15_000 });
    // The skipped task was not called again.
    expect(hook.calls()).toBe(1);
  } finally {
    await hook.close();
  }
});

test('[OVERVIEW]: live activity shows a request while it runs and drops it when it ends, without a reload', async ({
  page,
  request,
  createUser,
  createToken,
  signIn,
}) => {
  test.setTimeout(60_000);
  let release: (() => void) | null = null;
  const hook = await startWebhook((res) => {
    release = () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"output":"done"}');
  });
  try {
    const token = await createToken('operator');
    const capability = `e2e_live_${unique()}`;
    await registerWebhook(request, token, hook.url, capability);
    await signIn(page, await createUser('viewer'));
    await page.goto('/');
    const running = page.getByRole('list', { name: 'Running requests' });
    await submitWorkflow(request, token, { tasks: [{ ref: 'live', capability }] });

    // The workflow's title is its capability; it appears and then leaves, with no navigation.
    const item = page.getByRole('link', { name: capability, exact: true });
    await expect(running.getByRole('link', { name: capability, exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect.poll(hook.calls, { timeout: 15_000 }).toBe(1);
    release!();
    await expect(item).toHaveCount(0, { timeout: 20_000 });
  } finally {
    await hook.close();
  }
});

test('[REQUESTS][SSE]: the event stream resumes after Last-Event-ID with exactly the later events', async ({
  request,
  createToken,
}) => {
  test.setTimeout(60_000);
  const token = await createToken('operator');
  const id = await submitWorkflow(request, token, {
    tasks: [
      { ref: 'sum', capability: 'calculate', input: '2 + 2' },
      { ref: 'out', capability: 'format_json', dependsOn: ['sum'] },
    ],
  });
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/requests/${id}`, { headers: bearer(token) });
        return ((await response.json()) as { data: { status: string } }).data.status;
      },
      { timeout: 30_000 },
    )
    .toBe('succeeded');

  const idsOf = (stream: string) =>
    [...stream.matchAll(/^id: *(\d+)$/gm)].map((match) => BigInt(match[1]!));
  // A finished request's stream sends the whole log and ends.
  const full = idsOf(
    await (await request.get(`/api/v1/requests/${id}/events`, { headers: bearer(token) })).text(),
  );
  expect(full.length).toBeGreaterThan(4);
  const cut = full[2]!;

  const resumed = await request.get(`/api/v1/requests/${id}/events`, {
    headers: { ...bearer(token), 'Last-Event-ID': cut.toString() },
  });
  expect(resumed.headers()['content-type']).toContain('text/event-stream');
  expect(idsOf(await resumed.text())).toEqual(full.slice(3));
});
