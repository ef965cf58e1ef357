/**
 * Peers benchmark (ADR 0045): Baton next to the two things it is most often compared with, on the
 * same PostgreSQL server in the same run, each in its own database:
 *
 * 1. graphile-worker alone (the queue under Baton, same version and concurrency): 1,000 jobs added
 *    with one `addJobs` call, a no-op handler — jobs/s and add → handler start; plus a one-at-a-time
 *    series (`addJob`, wait for the handler, next) for an unqueued add → start latency;
 * 2. LangGraph JS with `PostgresSaver` (durable checkpoints): a chain of 50 no-op nodes and a fan-out
 *    (start → 50 parallel → join), with `durability: "sync"` (each step's checkpoint written before
 *    the next step, Baton's guarantee) and LangGraph's default `"async"`;
 * 3. Baton: the same two shapes as workflows with an in-process no-op adapter, and 1,000 independent
 *    no-op tasks.
 *
 * Per-step overhead is wall time ÷ nodes, end to end (`invoke()` resolving; Baton: submit → the
 * request's `finished_at`), so each side pays for its planning and its finish. Medians of several
 * runs after warmup. Every time is this machine's clock in milliseconds.
 */
import { randomUUID } from 'node:crypto';
import { Annotation, END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import {
  Logger as GraphileLogger,
  makeWorkerUtils,
  run as runGraphileWorker,
  type Runner,
} from 'graphile-worker';
import pg from 'pg';
import type { AgentAdapter } from '@/lib/agents/types';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import type { RequestStatus } from '@/lib/engine';
import { EVENTS_CHANNEL } from '@/lib/server/execution/events';
import { submitRequest, type Submitter } from '@/lib/server/execution/submit';
import { DEFAULT_WORKER_CONCURRENCY, startWorker } from '@/lib/server/execution/worker';
import { registerAgent } from '@/lib/testing/execution';
import { percentile, summarize, type Measurement } from './stats';

const SUITE = 'peers';

/** Sized for about three minutes on a loaded 2-core machine with today's Baton (~25 tasks/s). */
export const PEERS_BENCH_DEFAULTS = {
  /** Nodes in the chain; parallel nodes in the fan-out (which adds a start and a join). */
  width: 50,
  /** Unmeasured runs of each shape before the measured ones (connections, JIT, plan caches). */
  warmupRuns: 2,
  /** Measured LangGraph invocations per shape and durability mode, each on a new thread id. */
  langGraphRuns: 10,
  /** Measured Baton workflows per shape. */
  batonRuns: 7,
  throughputTasks: 1_000,
  /** graphile-worker 1,000-job runs (about a second each). */
  queueRuns: 5,
  /** Baton 1,000-task runs (some 40 s each today; one second at the aim of 1,000/s). */
  batonThroughputRuns: 3,
  /** graphile-worker one-at-a-time add → handler start samples. */
  latencySamples: 200,
  /** Pause between one-at-a-time samples. */
  gapMs: 10,
} as const;
export type PeersBenchSizes = { -readonly [K in keyof typeof PEERS_BENCH_DEFAULTS]: number };

/**
 * Requests of at most this many tasks in the 1,000-task run, as the execution suite does: the loop
 * guard's default cap is 50 agent calls per request (it grows with the plan's retries, but planning
 * much larger workflows at once is slow today and not what this row measures).
 */
const TASKS_PER_REQUEST = 50;
const WORKER_POOL_MAX = Math.min(20, DEFAULT_WORKER_CONCURRENCY + 4);
const SUBMIT_POOL_MAX = 4;
const RUN_TIMEOUT_MS = 180_000;
const TERMINAL: readonly RequestStatus[] = ['succeeded', 'failed', 'cancelled'];
const submitter: Submitter = { userId: null, label: 'bench' };

// ---------------------------------------------------------------------------------------------
// Pure helpers: shapes and figures.

export type ShapeKind = 'chain' | 'fanout';

export interface ShapeNode {
  /** A name valid as a Baton task ref and a LangGraph node name. */
  id: string;
  dependsOn: string[];
}

/**
 * The graph both engines run. `chain`: n nodes, each depending on the one before. `fanout`: a start
 * node, n nodes depending on it, and a join depending on all n (n + 2 nodes).
 */
export function buildShape(kind: ShapeKind, width: number): ShapeNode[] {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  const ids = Array.from({ length: width }, (_, i) => `n${String(i + 1).padStart(3, '0')}`);
  if (kind === 'chain') {
    return ids.map((id, i) => ({ id, dependsOn: i === 0 ? [] : [ids[i - 1]!] }));
  }
  return [
    { id: 'start', dependsOn: [] },
    ...ids.map((id) => ({ id, dependsOn: ['start'] })),
    { id: 'join', dependsOn: ids },
  ];
}

/** The nodes no other node depends on (the graph's ends). */
export function sinks(nodes: readonly ShapeNode[]): string[] {
  const depended = new Set(nodes.flatMap((node) => node.dependsOn));
  return nodes.filter((node) => !depended.has(node.id)).map((node) => node.id);
}

/** The shape as a Baton workflow for `capability`; distinct inputs keep the loop guard out of it. */
export function shapeWorkflow(nodes: readonly ShapeNode[], capability: string, label: string) {
  return {
    workflow: {
      tasks: nodes.map((node) => ({
        ref: node.id,
        capability,
        input: `${label} ${node.id}`,
        ...(node.dependsOn.length > 0 && { dependsOn: node.dependsOn }),
      })),
    },
  };
}

/** Splits `total` into parts of at most `size`. */
export function splitInto(total: number, size: number): number[] {
  const parts: number[] = [];
  for (let left = total; left > 0; left -= size) parts.push(Math.min(size, left));
  return parts;
}

/** Items per second over `ms` milliseconds (NaN when either is not positive). */
export function perSecond(items: number, ms: number): number {
  return items > 0 && ms > 0 ? (items * 1000) / ms : Number.NaN;
}

/** a ÷ b to two decimals (NaN when b is 0 or either is not finite). */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return Math.round((a / b) * 100) / 100;
}

export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((x, y) => x - y),
    50,
  );
}

/** Runs of one shape: milliseconds per run, end to end. */
export interface ShapeRuns {
  nodes: number;
  wallMs: number[];
}

/** Median wall time, per-step overhead (wall ÷ nodes) and steps per second of a shape's runs. */
export function shapeFigures(runs: ShapeRuns) {
  const wallMs = median(runs.wallMs);
  return {
    nodes: runs.nodes,
    runs: runs.wallMs.length,
    wallMsP50: round(wallMs, 1),
    perStepMsP50: round(wallMs / runs.nodes, 3),
    stepsPerSecond: round(perSecond(runs.nodes, wallMs), 1),
  };
}

/** A rate's runs as a row: p50 the median run, the tail columns the slow end (low rates). */
export function summarizeRate(name: string, rates: readonly number[], notes?: string): Measurement {
  const sorted = [...rates].sort((a, b) => a - b);
  return {
    suite: SUITE,
    name,
    unit: 'tasks/s',
    samples: sorted.length,
    p50: round(percentile(sorted, 50), 1),
    p90: round(percentile(sorted, 10), 1),
    p99: round(percentile(sorted, 1), 1),
    min: round(sorted[0] ?? Number.NaN, 1),
    max: round(sorted.at(-1) ?? Number.NaN, 1),
    ...(notes && { notes }),
  };
}

/** A shape's per-step overhead as a row: one sample per run (wall ÷ nodes). */
export function summarizeShape(name: string, runs: ShapeRuns, notes?: string): Measurement {
  const figures = shapeFigures(runs);
  const perStep = runs.wallMs.map((ms) => ms / runs.nodes);
  const extra = `${figures.stepsPerSecond} steps/s, ${figures.wallMsP50} ms per graph`;
  return summarize(SUITE, name, perStep, notes ? `${extra}; ${notes}` : extra);
}

export interface ComparisonRow {
  figure: string;
  baton: number;
  peer: string;
  peerValue: number;
  /** Baton ÷ peer. For times lower is better for Baton; for rates higher is. */
  ratio: number;
}

export function formatComparison(rows: readonly ComparisonRow[]): string {
  const header = ['figure', 'Baton', 'peer', 'peer value', 'Baton ÷ peer'];
  const lines = rows.map((row) => [
    row.figure,
    String(row.baton),
    row.peer,
    String(row.peerValue),
    String(row.ratio),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join(
    '\n',
  );
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

// ---------------------------------------------------------------------------------------------
// The run.

export interface PeersBenchOptions {
  /** Baton's own, freshly migrated database. */
  batonUrl: string;
  /** An empty database for graphile-worker alone (it migrates its own schema). */
  queueUrl: string;
  /** An empty database for LangGraph's checkpointer (`setup()` creates its tables). */
  langGraphUrl: string;
  progress: (line: string) => void;
  sizes?: Partial<PeersBenchSizes>;
}

export interface PeersBenchReport {
  results: Measurement[];
  comparison: ComparisonRow[];
  figures: Record<string, unknown>;
  ratios: Record<string, number>;
  config: Record<string, unknown>;
}

export async function benchPeers(options: PeersBenchOptions): Promise<PeersBenchReport> {
  const sizes: PeersBenchSizes = { ...PEERS_BENCH_DEFAULTS, ...options.sizes };
  const { progress } = options;
  const chain = buildShape('chain', sizes.width);
  const fanout = buildShape('fanout', sizes.width);

  progress('graphile-worker alone …');
  const queue = await benchQueue(options.queueUrl, sizes, progress);
  progress('LangGraph JS with PostgresSaver …');
  const langGraph = await benchLangGraph(options.langGraphUrl, { chain, fanout }, sizes, progress);
  progress('Baton with a no-op adapter …');
  const baton = await benchBaton(options.batonUrl, { chain, fanout }, sizes, progress);

  const f = {
    queue: {
      throughput: median(queue.rates),
      batchAddToStartP50: percentile(sortNumbers(queue.batchAddToStart), 50),
      batchAddToStartP99: percentile(sortNumbers(queue.batchAddToStart), 99),
      oneAtATimeAddToStartP50: percentile(sortNumbers(queue.oneAtATime), 50),
      oneAtATimeAddToStartP99: percentile(sortNumbers(queue.oneAtATime), 99),
    },
    langGraph: {
      chainSync: shapeFigures(langGraph.chainSync),
      chainAsync: shapeFigures(langGraph.chainAsync),
      fanoutSync: shapeFigures(langGraph.fanoutSync),
      fanoutAsync: shapeFigures(langGraph.fanoutAsync),
    },
    baton: {
      chain: shapeFigures(baton.chain),
      fanout: shapeFigures(baton.fanout),
      throughput: median(baton.rates),
    },
  };
  const n = sizes.width;
  const comparison: ComparisonRow[] = [
    compare(
      `chain-${n} ms per step`,
      f.baton.chain.perStepMsP50,
      'LangGraph, sync checkpoints',
      f.langGraph.chainSync.perStepMsP50,
    ),
    compare(
      `chain-${n} ms per step`,
      f.baton.chain.perStepMsP50,
      'LangGraph, async (default)',
      f.langGraph.chainAsync.perStepMsP50,
    ),
    compare(
      `fan-out-${n} ms per step`,
      f.baton.fanout.perStepMsP50,
      'LangGraph, sync checkpoints',
      f.langGraph.fanoutSync.perStepMsP50,
    ),
    compare(
      `fan-out-${n} ms per step`,
      f.baton.fanout.perStepMsP50,
      'LangGraph, async (default)',
      f.langGraph.fanoutAsync.perStepMsP50,
    ),
    compare(
      `${sizes.throughputTasks} no-op tasks per second`,
      round(f.baton.throughput, 1),
      'graphile-worker jobs/s',
      round(f.queue.throughput, 1),
    ),
    compare(
      `chain-${n} ms per step vs queue pickup`,
      f.baton.chain.perStepMsP50,
      'graphile-worker add → start p50, one at a time',
      round(f.queue.oneAtATimeAddToStartP50, 3),
    ),
  ];
  const ratios = {
    batonChainPerStepOverLangGraphSync: comparison[0]!.ratio,
    batonChainPerStepOverLangGraphAsync: comparison[1]!.ratio,
    batonFanoutPerStepOverLangGraphSync: comparison[2]!.ratio,
    batonFanoutPerStepOverLangGraphAsync: comparison[3]!.ratio,
    batonThroughputOverGraphileWorker: comparison[4]!.ratio,
    batonChainPerStepOverQueuePickupP50: comparison[5]!.ratio,
  };

  const results: Measurement[] = [
    summarizeRate(
      `graphile-worker: ${sizes.throughputTasks} no-op jobs`,
      queue.rates,
      'one addJobs call → last handler done',
    ),
    summarize(
      SUITE,
      'graphile-worker: add → handler start (batch)',
      queue.batchAddToStart,
      `addJobs of ${sizes.throughputTasks}, queueing included`,
    ),
    summarize(
      SUITE,
      'graphile-worker: add → handler start (one at a time)',
      queue.oneAtATime,
      'addJob, then wait for the handler',
    ),
    summarizeShape(`LangGraph chain-${n}, sync checkpoints: per step`, langGraph.chainSync),
    summarizeShape(`LangGraph chain-${n}, async checkpoints: per step`, langGraph.chainAsync),
    summarizeShape(`LangGraph fan-out-${n}, sync checkpoints: per step`, langGraph.fanoutSync),
    summarizeShape(`LangGraph fan-out-${n}, async checkpoints: per step`, langGraph.fanoutAsync),
    summarizeShape(
      `Baton chain-${n}: per step`,
      baton.chain,
      `÷ LangGraph sync ${ratios.batonChainPerStepOverLangGraphSync}×`,
    ),
    summarizeShape(
      `Baton fan-out-${n}: per step`,
      baton.fanout,
      `÷ LangGraph sync ${ratios.batonFanoutPerStepOverLangGraphSync}×`,
    ),
    summarizeRate(
      `Baton: ${sizes.throughputTasks} no-op tasks`,
      baton.rates,
      `requests of ${TASKS_PER_REQUEST}; ÷ graphile-worker ${ratios.batonThroughputOverGraphileWorker}×`,
    ),
  ];
  return {
    results,
    comparison,
    figures: f,
    ratios,
    config: {
      ...sizes,
      chainNodes: chain.length,
      fanoutNodes: fanout.length,
      workerConcurrency: DEFAULT_WORKER_CONCURRENCY,
      batonWorkerPoolMax: WORKER_POOL_MAX,
      batonTasksPerRequest: TASKS_PER_REQUEST,
      graphileWorkerAdd:
        'throughput: one addJobs call with all jobs; latency: addJob one at a time',
      langGraphCheckpointer: 'PostgresSaver, its own database, public schema',
      perStep: 'median wall time of a graph ÷ its nodes, end to end',
    },
  };
}

function compare(figure: string, baton: number, peer: string, peerValue: number): ComparisonRow {
  return { figure, baton, peer, peerValue, ratio: ratio(baton, peerValue) };
}

const sortNumbers = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------
// 1. graphile-worker alone.

interface QueueRuns {
  rates: number[];
  /** add → handler start of every job of every batch run. */
  batchAddToStart: number[];
  oneAtATime: number[];
}

/** Quiet like Baton's queue logger: errors and warnings only. */
const quietQueueLogger = new GraphileLogger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker] ${message}`);
});

async function benchQueue(
  connectionString: string,
  sizes: PeersBenchSizes,
  progress: (line: string) => void,
): Promise<QueueRuns> {
  const TASK = 'bench_noop';
  // Keyed by a per-job number in the payload; the handler only records when it started.
  let onStart: (n: number, at: number) => void = () => {};
  const utils = await makeWorkerUtils({ connectionString, logger: quietQueueLogger });
  await utils.migrate();
  // Baton's runner settings (lib/server/execution/worker.ts): concurrency, 1 s poll, own pool.
  const runner: Runner = await runGraphileWorker({
    connectionString,
    concurrency: DEFAULT_WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1_000,
    logger: quietQueueLogger,
    taskList: {
      [TASK]: (payload) => {
        onStart((payload as { n: number }).n, performance.now());
      },
    },
  });
  let done: (n: number, at: number) => void = () => {};
  runner.events.on('job:complete', ({ job }) => {
    done((job.payload as { n: number }).n, performance.now());
  });
  const result: QueueRuns = { rates: [], batchAddToStart: [], oneAtATime: [] };
  try {
    for (let run = 0; run < 1 + sizes.queueRuns; run++) {
      const total = sizes.throughputTasks;
      const startedAt: number[] = [];
      let completed = 0;
      let lastDone = 0;
      const allDone = new Promise<void>((resolve) => {
        done = (_n, at) => {
          completed += 1;
          lastDone = at;
          if (completed === total) resolve();
        };
      });
      onStart = (n, at) => {
        startedAt[n] = at;
      };
      const addAt = performance.now();
      await utils.addJobs(
        Array.from({ length: total }, (_, n) => ({ identifier: TASK, payload: { n } })),
      );
      await withTimeout(allDone, RUN_TIMEOUT_MS, 'graphile-worker batch');
      // The first run warms connections and the runner's fetch path.
      if (run === 0) continue;
      result.rates.push(perSecond(total, lastDone - addAt));
      result.batchAddToStart.push(...startedAt.map((at) => at - addAt));
      progress(`graphile-worker ${total} jobs in ${Math.round(lastDone - addAt)} ms`);
    }
    for (let i = 0; i < sizes.latencySamples + 10; i++) {
      const started = new Promise<number>((resolve) => {
        onStart = (_n, at) => resolve(at);
      });
      const finished = new Promise<void>((resolve) => {
        done = () => resolve();
      });
      const addAt = performance.now();
      await utils.addJob(TASK, { n: i });
      const at = await withTimeout(started, 30_000, 'graphile-worker job');
      await withTimeout(finished, 30_000, 'graphile-worker job');
      if (i >= 10) result.oneAtATime.push(at - addAt);
      await sleep(sizes.gapMs);
    }
    progress(`graphile-worker one at a time: ${sizes.latencySamples} samples`);
  } finally {
    await runner.stop();
    await utils.release();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// 2. LangGraph JS with durable checkpoints in PostgreSQL.

interface LangGraphRuns {
  chainSync: ShapeRuns;
  chainAsync: ShapeRuns;
  fanoutSync: ShapeRuns;
  fanoutAsync: ShapeRuns;
}

type Durability = 'sync' | 'async';

/** The slice of LangGraph's compiled graph used here (its builder types track every node name). */
interface CompiledShape {
  invoke(
    input: { steps: number },
    config: {
      configurable: { thread_id: string };
      recursionLimit: number;
      durability: Durability;
    },
  ): Promise<{ steps: number }>;
}
interface ShapeBuilder {
  addNode(name: string, action: () => { steps: number }): ShapeBuilder;
  addEdge(from: string | string[], to: string): ShapeBuilder;
  compile(options: { checkpointer: BaseCheckpointSaver }): CompiledShape;
}

const Steps = Annotation.Root({
  // Parallel nodes write the same key in one step: a reducer sums them (without one, LangGraph
  // refuses concurrent writes).
  steps: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
});

/** The shape as a LangGraph graph of no-op nodes; `onRun` (tests) sees each node as it runs. */
export function compileLangGraphShape(
  nodes: readonly ShapeNode[],
  checkpointer: BaseCheckpointSaver,
  onRun: (id: string) => void = () => {},
): CompiledShape {
  const builder = new StateGraph(Steps) as unknown as ShapeBuilder;
  for (const node of nodes) {
    builder.addNode(node.id, () => {
      onRun(node.id);
      return { steps: 1 };
    });
  }
  for (const node of nodes) {
    if (node.dependsOn.length === 0) builder.addEdge(START, node.id);
    // A list waits for all of them (a join); one name is a plain edge.
    else
      builder.addEdge(node.dependsOn.length === 1 ? node.dependsOn[0]! : node.dependsOn, node.id);
  }
  for (const id of sinks(nodes)) builder.addEdge(id, END);
  return builder.compile({ checkpointer });
}

async function benchLangGraph(
  connectionString: string,
  shapes: { chain: ShapeNode[]; fanout: ShapeNode[] },
  sizes: PeersBenchSizes,
  progress: (line: string) => void,
): Promise<LangGraphRuns> {
  const checkpointer = PostgresSaver.fromConnString(connectionString);
  await checkpointer.setup();
  const timeShape = async (nodes: ShapeNode[], durability: Durability): Promise<ShapeRuns> => {
    const graph = compileLangGraphShape(nodes, checkpointer);
    const wallMs: number[] = [];
    for (let i = 0; i < sizes.warmupRuns + sizes.langGraphRuns; i++) {
      const start = performance.now();
      const out = await graph.invoke(
        { steps: 0 },
        {
          configurable: { thread_id: randomUUID() },
          // Its default of 25 super-steps stops a chain of 50.
          recursionLimit: nodes.length + 10,
          durability,
        },
      );
      const elapsed = performance.now() - start;
      if (out.steps !== nodes.length) {
        throw new Error(`LangGraph ran ${out.steps} of ${nodes.length} nodes`);
      }
      if (i >= sizes.warmupRuns) wallMs.push(elapsed);
    }
    progress(
      `LangGraph ${nodes.length} nodes, ${durability}: ${Math.round(median(wallMs))} ms per graph`,
    );
    return { nodes: nodes.length, wallMs };
  };
  try {
    return {
      chainSync: await timeShape(shapes.chain, 'sync'),
      chainAsync: await timeShape(shapes.chain, 'async'),
      fanoutSync: await timeShape(shapes.fanout, 'sync'),
      fanoutAsync: await timeShape(shapes.fanout, 'async'),
    };
  } finally {
    await checkpointer.end();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Baton with an in-process no-op adapter.

interface BatonRuns {
  chain: ShapeRuns;
  fanout: ShapeRuns;
  rates: number[];
}

async function benchBaton(
  connectionString: string,
  shapes: { chain: ShapeNode[]; fanout: ShapeNode[] },
  sizes: PeersBenchSizes,
  progress: (line: string) => void,
): Promise<BatonRuns> {
  const capability = 'bench_noop';
  const submitDb = createPrismaClient({ connectionString, max: SUBMIT_POOL_MAX });
  const workerDb = createPrismaClient({ connectionString, max: WORKER_POOL_MAX });
  const watch = await watchRequests(connectionString);
  // As in the execution suite: the adapter answers at once, so only Baton's own work is timed.
  const noopAdapter: AgentAdapter = {
    kind: 'webhook',
    probe: () => Promise.resolve({ ok: true, latencyMs: 0 }),
    invoke: () => Promise.resolve({ ok: true, output: 'ok', text: 'ok', latencyMs: 0 }),
  };
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    await registerAgent(submitDb, {
      name: 'bench-peers-noop',
      // Never called: the no-op adapter stands in for the webhook adapter.
      endpointUrl: 'http://127.0.0.1:9/unused',
      capabilities: [capability],
      maxConcurrentTasks: 1_000,
    });
    worker = await startWorker({
      db: workerDb,
      connectionString,
      deps: { adapters: () => noopAdapter },
    });
    const timeShape = async (nodes: ShapeNode[], label: string): Promise<ShapeRuns> => {
      const wallMs: number[] = [];
      for (let i = 0; i < sizes.warmupRuns + sizes.batonRuns; i++) {
        const submittedAt = Date.now();
        const { id } = await submitRequest(
          submitDb,
          shapeWorkflow(nodes, capability, `${label} run ${i}`),
          submitter,
        );
        await watch.untilDone(id, RUN_TIMEOUT_MS);
        const finishedAt = await requestFinishedAt(submitDb, id, nodes.length);
        if (i >= sizes.warmupRuns) wallMs.push(finishedAt - submittedAt);
      }
      progress(`Baton ${label}: ${Math.round(median(wallMs))} ms per workflow`);
      return { nodes: nodes.length, wallMs };
    };
    const chain = await timeShape(shapes.chain, `chain-${sizes.width}`);
    const fanout = await timeShape(shapes.fanout, `fan-out-${sizes.width}`);

    const rates: number[] = [];
    for (let run = 0; run < sizes.batonThroughputRuns; run++) {
      const start = Date.now();
      const ids = (
        await Promise.all(
          splitInto(sizes.throughputTasks, TASKS_PER_REQUEST).map((size, batch) =>
            submitRequest(
              submitDb,
              {
                workflow: {
                  tasks: Array.from({ length: size }, (_, i) => ({
                    ref: `t${i}`,
                    capability,
                    input: `throughput ${run} request ${batch} task ${i}`,
                  })),
                },
              },
              submitter,
            ),
          ),
        )
      ).map((request) => request.id);
      await Promise.all(ids.map((id) => watch.untilDone(id, RUN_TIMEOUT_MS)));
      const end = await lastTaskFinished(submitDb, ids, sizes.throughputTasks);
      rates.push(perSecond(sizes.throughputTasks, end - start));
      progress(`Baton ${sizes.throughputTasks} tasks in ${((end - start) / 1000).toFixed(1)} s`);
    }
    return { chain, fanout, rates };
  } finally {
    await worker?.stop();
    await watch.stop();
    await submitDb.$disconnect();
    await workerDb.$disconnect();
  }
}

/** The request's `finished_at` (the worker's clock), after checking all its tasks succeeded. */
async function requestFinishedAt(db: PrismaClient, id: string, tasks: number): Promise<number> {
  const request = await db.request.findUniqueOrThrow({
    where: { id },
    select: { status: true, finishedAt: true, _count: { select: { tasks: true } } },
  });
  if (request.status !== 'succeeded' || !request.finishedAt) {
    throw new Error(`benchmark request ${id} ended ${request.status}`);
  }
  if (request._count.tasks !== tasks) {
    throw new Error(`benchmark request ${id} ran ${request._count.tasks} of ${tasks} tasks`);
  }
  return request.finishedAt.getTime();
}

async function lastTaskFinished(db: PrismaClient, ids: string[], tasks: number): Promise<number> {
  const rows = await db.task.groupBy({
    by: ['status'],
    where: { requestId: { in: ids } },
    _count: true,
    _max: { finishedAt: true },
  });
  const succeeded = rows.find((row) => row.status === 'succeeded');
  if (rows.length !== 1 || !succeeded || succeeded._count !== tasks) {
    throw new Error(`benchmark tasks did not all succeed: ${JSON.stringify(rows)}`);
  }
  return succeeded._max.finishedAt!.getTime();
}

interface RequestWatch {
  /** Resolves when the request has succeeded (woken by its NOTIFYs; a 1 s re-read as fallback). */
  untilDone(id: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Every event transaction NOTIFYs its request id on commit (lib/server/execution/events.ts). */
async function watchRequests(connectionString: string): Promise<RequestWatch> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  const waiters = new Map<string, () => void>();
  client.on('notification', ({ payload }) => {
    if (payload) waiters.get(payload)?.();
  });
  // One client, many waiters (20 requests at once): its queries go one after another.
  let queue: Promise<unknown> = Promise.resolve();
  const statusOf = (id: string): Promise<RequestStatus | undefined> => {
    const next = queue.then(() =>
      client.query<{ status: RequestStatus }>('SELECT status FROM requests WHERE id = $1', [id]),
    );
    queue = next.catch(() => {});
    return next.then((result) => result.rows[0]?.status);
  };
  return {
    async untilDone(id, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        // Armed before reading, so a commit between the read and the wait still wakes us.
        const woken = new Promise<void>((resolve) => {
          waiters.set(id, resolve);
          timer = setTimeout(resolve, 1_000);
        });
        const status = await statusOf(id);
        if (status && TERMINAL.includes(status)) {
          clearTimeout(timer);
          waiters.delete(id);
          if (status !== 'succeeded') throw new Error(`benchmark request ${id} ended ${status}`);
          return;
        }
        if (Date.now() > deadline) throw new Error(`request ${id} not finished in ${timeoutMs} ms`);
        await woken;
        clearTimeout(timer);
      }
    },
    async stop() {
      await client.end();
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
