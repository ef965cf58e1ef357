import type { Page } from '@playwright/test';
import { registerAgent } from '../lib/testing/execution';
import { finishRunningTask, seedLargeRequest } from '../lib/testing/large-request';
import { expect, test } from './support/fixtures';

/**
 * The execution graph at scale (issue 10) and when its live stream drops. Requests larger than a
 * workflow may be (200 tasks) are written straight into the e2e database with the rows and event
 * log the executor writes (lib/testing/large-request.ts).
 */

/** The seeded runs never call their agents (no job is queued): port 9 is discard. */
const IDLE_AGENT = { capabilities: ['bench_step'], endpointUrl: 'http://127.0.0.1:9/tasks' };

const graphOf = (page: Page) => page.getByRole('region', { name: 'Execution graph' });
const taskNodes = (page: Page) => graphOf(page).getByRole('group', { name: /^Task / });

test('[REQUESTS][GRAPH]: a viewer opens a 500-node request, sees every node, and zooming in draws only the visible ones', async ({
  page,
  db,
  createUser,
  signIn,
}) => {
  test.setTimeout(90_000);
  const agent = await registerAgent(db, IDLE_AGENT);
  const request = await seedLargeRequest(db, { tasks: 500, agent });
  await signIn(page, await createUser('viewer'));
  await page.goto(`/requests/${request.id}`);

  // Fitted to the view, every node is on screen and drawn, in its compact form (ref and status).
  await expect(taskNodes(page)).toHaveCount(500, { timeout: 30_000 });
  await expect(graphOf(page).getByRole('group', { name: /^Synthesis:/ })).toContainText(
    'Succeeded',
  );
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Succeeded (500)');
  const first = graphOf(page).getByRole('group', { name: /^Task t0001:/ });
  await expect(first).toContainText('t0001');
  await expect(first).not.toContainText('attempt 1');

  // Zoomed in, only the nodes in view are in the page, now with their details.
  // One click per try, not toPass's growing back-off: from the fitted zoom it takes about ten.
  const zoomIn = page.getByRole('button', { name: 'Zoom In' });
  await expect(async () => {
    await zoomIn.click();
    await expect(taskNodes(page).first()).toContainText('attempt 1', { timeout: 1_000 });
  }).toPass({ intervals: [100], timeout: 30_000 });
  expect(await taskNodes(page).count()).toBeLessThan(200);

  // Dragging the pane pans: other nodes come into view.
  const before = await taskNodes(page).first().getAttribute('aria-label');
  const pane = await page.getByTestId('execution-graph').boundingBox();
  await page.mouse.move(pane!.x + pane!.width * 0.8, pane!.y + pane!.height / 2);
  await page.mouse.down();
  await page.mouse.move(pane!.x + pane!.width * 0.1, pane!.y + pane!.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect
    .poll(async () => taskNodes(page).first().getAttribute('aria-label'))
    .not.toBe(before);
});

test('[REQUESTS][GRAPH]: a fan-out of 25 branches is one group node until the viewer expands it', async ({
  page,
  db,
  createUser,
  signIn,
}) => {
  test.setTimeout(60_000);
  const agent = await registerAgent(db, IDLE_AGENT);
  const fanOutAgents = await Promise.all(
    Array.from({ length: 25 }, () => registerAgent(db, IDLE_AGENT)),
  );
  const request = await seedLargeRequest(db, { tasks: 2, agent, fanOutAgents });
  await signIn(page, await createUser('viewer'));
  await page.goto(`/requests/${request.id}`);

  const group = graphOf(page).getByRole('group', { name: /^25 branches of fan, collapsed/ });
  await expect(group).toBeVisible();
  await expect(group).toContainText('25');
  const branches = graphOf(page).getByRole('group', { name: /^Branch of fan:/ });
  await expect(branches).toHaveCount(0);

  await group.click();
  await expect(branches).toHaveCount(25);
  await expect(group).toHaveCount(0);
  await expect(
    graphOf(page).getByRole('group', {
      name: `Branch of fan: ${fanOutAgents[0]!.name}, Succeeded`,
    }),
  ).toBeVisible();
});

test('[REQUESTS][GRAPH]: a 5,000-task request opens summarised by level, its tasks paged', async ({
  page,
  db,
  createUser,
  signIn,
}) => {
  test.setTimeout(120_000);
  const agent = await registerAgent(db, IDLE_AGENT);
  const request = await seedLargeRequest(db, { tasks: 5_000, width: 50, agent });
  await signIn(page, await createUser('viewer'));
  await page.goto(`/requests/${request.id}`, { timeout: 60_000 });

  await expect(
    page.getByText('5,000 tasks: the graph is summarised by level.', { exact: false }),
  ).toBeVisible({ timeout: 30_000 });
  // 5,000 tasks in levels of 50: 100 level nodes, no task node.
  await expect(graphOf(page).getByRole('group', { name: /^Level \d+: 50 tasks/ })).toHaveCount(100);
  await expect(taskNodes(page)).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Legend' })).toContainText('Succeeded (5000)');

  // The timeline is summarised too: one lane for the agent, its 5,000 calls in at most 60 slices.
  await expect(page.getByTestId('timeline-summary')).toContainText(
    '5,000 attempts: an agent with more than 200 is drawn in 60 time slices',
  );
  const lane = page.getByRole('list', { name: `Attempts of ${agent.name}` });
  const slices = await lane.getByRole('listitem').count();
  expect(slices).toBeGreaterThan(0);
  expect(slices).toBeLessThanOrEqual(60);
  await expect(lane.getByRole('listitem').first()).toHaveAttribute(
    'aria-label',
    /^\d[\d,]* attempts from .+: [\d,]+ succeeded$/,
  );

  // The tasks table shows 100 rows a page; the page answers at once.
  const pages = page.getByRole('navigation', { name: 'Task pages' });
  await expect(pages).toContainText('Tasks 1–100 of 5,000');
  await expect(
    page.getByRole('button', { name: 'Details of task t0001', exact: true }),
  ).toBeVisible();
  await pages.getByRole('button', { name: 'Next tasks' }).click();
  await expect(pages).toContainText('Tasks 101–200 of 5,000');
  await expect(
    page.getByRole('button', { name: 'Details of task t0101', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Details of task t0001', exact: true }),
  ).toHaveCount(0);
});

test('[REQUESTS][GRAPH]: when the live stream drops the page says so, and Reconnect catches up', async ({
  page,
  db,
  createUser,
  signIn,
}) => {
  test.setTimeout(60_000);
  const agent = await registerAgent(db, IDLE_AGENT);
  const request = await seedLargeRequest(db, { tasks: 3, agent, running: 1 });
  const running = request.runningTaskIds[0]!;
  await signIn(page, await createUser('viewer'));

  // The stream's endpoint fails, as when the server is unreachable.
  await page.route('**/api/v1/requests/*/events*', (route) =>
    route.fulfill({ status: 503, body: 'unavailable' }),
  );
  await page.goto(`/requests/${request.id}`);
  const node = graphOf(page).getByRole('group', { name: /^Task t0003:/ });
  await expect(node).toContainText('Running');
  await expect(page.getByRole('status').filter({ hasText: 'Connection lost' })).toBeVisible();
  const offline = page.getByRole('status').filter({ hasText: 'Offline: updates paused.' });
  await expect(offline).toBeVisible({ timeout: 20_000 });

  // The task finishes while the page is offline: nothing moves on screen.
  await finishRunningTask(db, request, running, agent);
  await expect(node).toContainText('Running');

  // Back online, Reconnect resumes the stream after the last event the page saw.
  await page.unroute('**/api/v1/requests/*/events*');
  await offline.getByRole('button', { name: 'Reconnect' }).click();
  await expect(node).toContainText('Succeeded', { timeout: 10_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
});
