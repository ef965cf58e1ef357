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
 *   `BENCH_GRAPH_TRACE=<file.json>` records a Chromium performance trace of the first load's pan.
 *   `BENCH_GRAPH_HTML=<file.html>` saves the page's HTML as served (to see what it carries).
 * - page HTML size: the document's decoded body (markup and the serialised React data in it).
 * - SSE event → paint: a running 500-task request with `statusChanges + 1` tasks left running; for
 *   each, the attempt and task rows and their events are committed the way the executor does
 *   (one transaction, NOTIFY on commit) and the time runs from the commit until the browser has
 *   painted the node as succeeded. The first change is a warm-up.
 *
 * Both clocks are this machine's wall clock (the browser's `Date.now()` and Node's).
 */
import { writeFile } from 'node:fs/promises';
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
/** What a pan trace records: the renderer's frame stages (style, layout, paint), input and JS. */
const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'cc',
  'v8.execute',
  'latencyInfo',
];
/** The seeded runs never call their agent (no job is queued): port 9 is discard. */
const IDLE_AGENT = { capabilities: ['bench_step'], endpointUrl: 'http://127.0.0.1:9/tasks' };
/** The stream's snapshot refetch runs at most once a second: changes are spaced past it. */
const CHANGE_SPACING_MS = 1_500;

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
          url: url.origin,
        };
      }),
    );
    await context.addInitScript(renderMarkScript(expectedNodes));

    const render: number[] = [];
    const htmlDone: number[] = [];
    const firstNodes: number[] = [];
    const htmlBytes: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i <= loads; i++) {
      const page = await context.newPage();
      await page.goto(`${options.baseUrl}/requests/${finished.id}`, { timeout: 120_000 });
      await waitForGraph(page);
      const ms = (await page.evaluate('window.__graphRendered')) as number;
      const [html, firstNode, bytes] = (await page.evaluate(
        "[performance.getEntriesByType('navigation')[0].responseEnd, window.__firstNode, performance.getEntriesByType('navigation')[0].decodedBodySize]",
      )) as [number, number, number];
      if (i > 0) {
        render.push(ms);
        htmlDone.push(html);
        firstNodes.push(firstNode);
        htmlBytes.push(bytes);
        const htmlFile = i === 1 ? process.env.BENCH_GRAPH_HTML : undefined;
        if (htmlFile) {
          const response = await context.request.get(`${options.baseUrl}/requests/${finished.id}`);
          await writeFile(htmlFile, await response.body());
          say(`page HTML of load 1 written to ${htmlFile}`);
        }
        const trace = i === 1 ? process.env.BENCH_GRAPH_TRACE : undefined;
        if (trace) {
          await browser.startTracing(page, {
            path: trace,
            screenshots: false,
            categories: TRACE_CATEGORIES,
          });
        }
        frames.push(...(await panFrames(page)));
        if (trace) {
          await browser.stopTracing();
          say(`pan of load 1 traced to ${trace} (open it in Chromium's Performance panel)`);
        }
        say(
          `load ${i}/${loads}: HTML ${Math.round(html)} ms (${Math.round(bytes / 1024)} KiB), first node ${Math.round(firstNode)} ms, every node ${Math.round(ms)} ms`,
        );
      }
      await page.close();
    }

    const page = await context.newPage();
    await page.goto(`${options.baseUrl}/requests/${running.id}`, { timeout: 120_000 });
    await waitForGraph(page);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const latency: number[] = [];
    const delivery: number[] = [];
    for (const [i, taskId] of running.runningTaskIds.entries()) {
      await page.evaluate(paintMarkScript(taskId));
      await finishRunningTask(options.db, running, taskId, agent);
      const committed = Date.now();
      await pollPage(
        page,
        `window.__painted !== undefined && window.__painted[${JSON.stringify(taskId)}] !== undefined`,
        30_000,
        10,
      );
      const [painted, arrived] = (await page.evaluate(
        `[window.__painted[${JSON.stringify(taskId)}], window.__arrived[${JSON.stringify(taskId)}]]`,
      )) as [number, number];
      if (i > 0) {
        latency.push(painted - committed);
        delivery.push(arrived - committed);
        say(
          `status change ${i}/${changes}: event in the page ${arrived - committed} ms, painted ${painted - committed} ms after commit`,
        );
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
          `${tasks}-node request: navigation → HTML received`,
          htmlDone,
          'server render of the page (responseEnd)',
        ),
        summarize(
          'graph',
          `${tasks}-node request: page HTML size`,
          htmlBytes,
          'decoded body of the document: markup and the serialised React data it carries',
          'bytes',
        ),
        summarize(
          'graph',
          `${tasks}-node request: navigation → first node in the page`,
          firstNodes,
          'after hydration',
        ),
        summarize(
          'graph',
          `${tasks}-node request: frame interval while panning`,
          frames,
          'fitted view, 60-step drag; 16.7 ms = 60 fps',
        ),
        summarize(
          'graph',
          'SSE event → in the page, one status change',
          delivery,
          'commit → EventSource message (NOTIFY, stream read, network)',
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

// Browser-side code is kept as plain JavaScript text: tsx (esbuild) wraps the functions of this
// file in helpers (`__name`) that do not exist in the page, so serialized functions would throw.

/**
 * Sets `window.__graphRendered` (ms since the navigation started) one frame after `expected`
 * React Flow nodes are in the page and none is still hidden for measuring.
 */
function renderMarkScript(expected: number): string {
  return `(() => {
    // When each task.succeeded event reaches the page (before the app's own listener runs).
    const Source = window.EventSource;
    window.__arrived = {};
    window.EventSource = class extends Source {
      constructor(url, init) {
        super(url, init);
        this.addEventListener('task.succeeded', function (message) {
          try { window.__arrived[JSON.parse(message.data).taskId] = Date.now(); } catch (e) {}
        });
      }
    };
    function check() {
      const nodes = document.querySelectorAll('.react-flow__node');
      if (nodes.length > 0 && window.__firstNode === undefined) window.__firstNode = performance.now();
      if (nodes.length >= ${expected}) {
        let hidden = false;
        for (const node of nodes) if (getComputedStyle(node).visibility === 'hidden') hidden = true;
        if (!hidden) {
          requestAnimationFrame(function () {
            setTimeout(function () { window.__graphRendered = performance.now(); }, 0);
          });
          return;
        }
      }
      requestAnimationFrame(check);
    }
    requestAnimationFrame(check);
  })()`;
}

/** Sets `window.__painted[taskId]` (epoch ms) once the task's node has painted as succeeded. */
function paintMarkScript(taskId: string): string {
  const selector = JSON.stringify(`.react-flow__node[data-id="task:${taskId}"]`);
  const key = JSON.stringify(taskId);
  return `(() => {
    window.__painted = window.__painted || {};
    const observer = new MutationObserver(function () {
      const node = document.querySelector(${selector});
      if (!node || node.getAttribute('data-status') !== 'succeeded') return;
      observer.disconnect();
      requestAnimationFrame(function () {
        setTimeout(function () { window.__painted[${key}] = Date.now(); }, 0);
      });
    });
    observer.observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'],
    });
  })()`;
}

/** Records the interval between animation frames in `window.__frames` while `__framing`. */
const FRAME_COUNTER_SCRIPT = `(() => {
  window.__frames = [];
  window.__framing = true;
  let last = performance.now();
  function tick(now) {
    window.__frames.push(now - last);
    last = now;
    if (window.__framing) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})()`;

/**
 * Evaluates `expression` every `everyMs` until it is true. (Playwright's waitForFunction compiles
 * its predicate inside the page, which Baton's Content-Security-Policy forbids.)
 */
async function pollPage(
  page: Page,
  expression: string,
  timeoutMs: number,
  everyMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits for the init script's mark; says what the page shows when it never comes. */
async function waitForGraph(page: Page): Promise<void> {
  try {
    await pollPage(page, 'window.__graphRendered !== undefined', 120_000, 50);
  } catch (error) {
    const seen = (await page.evaluate(`({
      nodes: document.querySelectorAll('.react-flow__node').length,
      hidden: Array.from(document.querySelectorAll('.react-flow__node')).filter(
        function (node) { return getComputedStyle(node).visibility === 'hidden'; }).length,
    })`)) as { nodes: number; hidden: number };
    throw new Error(
      `The graph at ${page.url()} never finished rendering (${seen.nodes} nodes, ${seen.hidden} hidden).`,
      { cause: error },
    );
  }
}

/** Drags the pane across and returns the intervals between animation frames meanwhile. */
async function panFrames(page: Page): Promise<number[]> {
  const box = await page.getByTestId('execution-graph').boundingBox();
  if (!box) throw new Error('The graph is not on the page.');
  await page.evaluate(FRAME_COUNTER_SCRIPT);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.85, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.15, y, { steps: 60 });
  await page.mouse.up();
  // The first interval is the time from installing the counter to the first frame.
  return (await page.evaluate(
    '(() => { window.__framing = false; return window.__frames.slice(1); })()',
  )) as number[];
}
