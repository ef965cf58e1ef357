/**
 * Execution graph benchmark (issue 10), in Debian's Chromium against the production server:
 *
 * - navigation → every node rendered: a finished 500-task request (+ synthesis = 501 React Flow
 *   nodes); from the navigation's start (`performance.now()` is relative to it) until all 501
 *   nodes are in the page and measured (React Flow hides a node until it knows its size), taken
 *   one frame later so the paint is included. One unmeasured warm-up load (the server's first
 *   render of the route), then `loads` timed loads, each in a new page.
 * - pan frame time: on that graph, fitted to the view, a mouse drag across the pane in 60 steps;
 *   the interval between animation frames while it moves (16.7 ms is 60 fps).
 * - SSE event → paint: a running 500-task request with `statusChanges + 1` tasks left running; for
 *   each, the attempt and task rows and their events are committed the way the executor does
 *   (one transaction, NOTIFY on commit) and the time runs from the commit until the browser has
 *   painted the node as succeeded. The first change is a warm-up.
 *
 * Both clocks are this machine's wall clock (the browser's `Date.now()` and Node's).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import type { PrismaClient } from '@/lib/db/prisma';
import { registerAgent } from '@/lib/testing/execution';
import { finishRunningTask, seedLargeRequest } from '@/lib/testing/large-request';
import { summarize, type Measurement } from './stats';

export interface GraphBenchOptions {
  db: PrismaClient;
  baseUrl: string;
  /** `name=value; …` of a signed-in session. */
  cookie: string;
  tasks?: number;
  loads?: number;
  statusChanges?: number;
  progress?: (line: string) => void;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The seeded runs never call their agent (no job is queued): port 9 is discard. */
const IDLE_AGENT = { capabilities: ['bench_step'], endpointUrl: 'http://127.0.0.1:9/tasks' };
/** The stream's snapshot refetch runs at most once a second: changes are spaced past it. */
const CHANGE_SPACING_MS = 1_500;

declare global {
  interface Window {
    __graphRendered?: number;
    __painted?: Record<string, number>;
  }
}

export async function benchGraph(options: GraphBenchOptions): Promise<{
  results: Measurement[];
  config: Record<string, unknown>;
}> {
  const tasks = options.tasks ?? 500;
  const loads = options.loads ?? 5;
  const changes = options.statusChanges ?? 10;
  const say = options.progress ?? (() => {});
  const agent = await registerAgent(options.db, IDLE_AGENT);
  const finished = await seedLargeRequest(options.db, { tasks, agent });
  const running = await seedLargeRequest(options.db, { tasks, agent, running: changes + 1 });
  const expectedNodes = tasks + 1;

  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const url = new URL(options.baseUrl);
    await context.addCookies(
      options.cookie.split('; ').map((pair) => {
        const at = pair.indexOf('=');
        return {
          name: pair.slice(0, at),
          value: pair.slice(at + 1),
          domain: url.hostname,
          path: '/',
        };
      }),
    );
    await context.addInitScript((expected: number) => {
      const check = () => {
        const nodes = document.querySelectorAll('.react-flow__node');
        if (nodes.length >= expected) {
          const hidden = Array.from(nodes).some(
            (node) => getComputedStyle(node).visibility === 'hidden',
          );
          if (!hidden) {
            requestAnimationFrame(() =>
              setTimeout(() => {
                window.__graphRendered = performance.now();
              }, 0),
            );
            return;
          }
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }, expectedNodes);

    const render: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      await page.goto(`${options.baseUrl}/requests/${finished.id}`, { timeout: 120_000 });
      await page.waitForFunction(() => window.__graphRendered !== undefined, null, {
        timeout: 120_000,
        polling: 100,
      });
      const ms = await page.evaluate(() => window.__graphRendered!);
      if (i > 0) {
        render.push(ms);
        frames.push(...(await panFrames(page)));
        say(`load ${i}/${loads}: every node rendered after ${Math.round(ms)} ms`);
      }
      await page.close();
    }

    const page = await context.newPage();
    await page.goto(`${options.baseUrl}/requests/${running.id}`, { timeout: 120_000 });
    await page.waitForFunction(() => window.__graphRendered !== undefined, null, {
      timeout: 120_000,
    });
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const latency: number[] = [];
    for (const [i, taskId] of running.runningTaskIds.entries()) {
      await page.evaluate((id) => {
        const selector = `.react-flow__node[data-id="task:${id}"]`;
        window.__painted ??= {};
        const observer = new MutationObserver(() => {
          if (document.querySelector(selector)?.getAttribute('data-status') !== 'succeeded') return;
          observer.disconnect();
          requestAnimationFrame(() =>
            setTimeout(() => {
              window.__painted![id] = Date.now();
            }, 0),
          );
        });
        observer.observe(document.body, {
          subtree: true,
          attributes: true,
          attributeFilter: ['data-status'],
          childList: true,
        });
      }, taskId);
      await finishRunningTask(options.db, running, taskId, agent);
      const committed = Date.now();
      await page.waitForFunction((id) => window.__painted?.[id] !== undefined, taskId, {
        timeout: 30_000,
        polling: 50,
      });
      const painted = await page.evaluate((id) => window.__painted![id]!, taskId);
      if (i > 0) {
        latency.push(painted - committed);
        say(`status change ${i}/${changes}: painted ${painted - committed} ms after commit`);
      }
      await new Promise((resolve) => setTimeout(resolve, CHANGE_SPACING_MS));
    }
    await page.close();
    await context.close();

    return {
      results: [
        summarize(
          'graph',
          `${tasks}-node request: navigation → every node rendered`,
          render,
          `${expectedNodes} React Flow nodes, Chromium, new page per load`,
        ),
        summarize(
          'graph',
          `${tasks}-node request: frame interval while panning`,
          frames,
          'fitted view, 60-step drag; 16.7 ms = 60 fps',
        ),
        summarize(
          'graph',
          'SSE event → paint, one status change',
          latency,
          `commit of task.succeeded → node painted, ${tasks}-node graph`,
        ),
      ],
      config: { tasks, loads, statusChanges: changes, nodes: expectedNodes },
    };
  } finally {
    await browser.close();
  }
}

/** Drags the pane across and returns the intervals between animation frames meanwhile. */
async function panFrames(page: Page): Promise<number[]> {
  const box = await page.getByTestId('execution-graph').boundingBox();
  if (!box) throw new Error('The graph is not on the page.');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__frames = [];
    w.__framing = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.85, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.15, y, { steps: 60 });
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __framing: boolean };
    w.__framing = false;
    // The first interval is the time from installing the counter to the first frame.
    return w.__frames.slice(1);
  });
}
