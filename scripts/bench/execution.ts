/**
 * Execution benchmark: the executor end to end on a real PostgreSQL, the real queue
 * (graphile-worker) and a real worker in this process (as `npm start` runs it), with agents that do
 * no work, so what is measured is Baton's own cost:
 *
 * 1. enqueue → agent receives the call, over real HTTP to a loopback webhook agent, one request at a
 *    time (latency, not queueing), split into its stages;
 * 2. per-task engine time with an in-process no-op adapter, one at a time, split into queue pickup,
 *    claim transaction and record transaction;
 * 3. throughput: 1,000 independent tasks (20 workflows of 50) submitted at once, with the no-op
 *    adapter and with the webhook agent, at the default worker concurrency;
 * 4. fan-out scaling: one request of n no-op tasks and a join that waits for all of them, for n =
 *    200, 1,000 and 2,000 (issue 11: total overhead must grow linearly), written straight into the
 *    tables (workflows are capped at MAX_WORKFLOW_TASKS) and started as a plan starts a request.
 *
 * Every timestamp comes from this machine's clock: `Date.now()` here and in the webhook agent, the
 * worker's `deps.now()` (task and attempt times) and PostgreSQL's transaction start (event
 * `created_at`), all in whole milliseconds.
 */
import pg from 'pg';
import type { AgentAdapter } from '@/lib/agents/types';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import { DEFAULT_LOOP_GUARD_OPTIONS, type RequestStatus } from '@/lib/engine';
import type { ExecutionDeps } from '@/lib/server/execution/deps';
import { inTx } from '@/lib/server/execution/deps';
import { EVENTS_CHANNEL } from '@/lib/server/execution/events';
import { startRequest } from '@/lib/server/execution/plan';
import { submitRequest, type Submitter } from '@/lib/server/execution/submit';
import { DEFAULT_WORKER_CONCURRENCY, startWorker } from '@/lib/server/execution/worker';
import { registerAgent, startWebhookAgent } from '@/lib/testing/execution';
import { postgresCpuMeter } from '../lib/postgres-cpu';
import { percentile, summarize, type Measurement } from './stats';

const SUITE = 'execution';
/**
 * Sized for under three minutes on a 2-core machine, most of it the two 1,000-task runs: one each,
 * at ~15 tasks/s there a second run would add a minute per agent.
 */
export const EXECUTION_BENCH_DEFAULTS = {
  latencySamples: 200,
  overheadSamples: 100,
  /** Unmeasured requests before each one-at-a-time series (connections, JIT, plan caches). */
  warmup: 10,
  throughputTasks: 1_000,
  throughputRuns: 1,
  /** Pause between one-at-a-time samples, after the previous request has finished. */
  gapMs: 20,
} as const;
export type ExecutionBenchSizes = {
  -readonly [K in keyof typeof EXECUTION_BENCH_DEFAULTS]: number;
};

/** As in production: the in-process worker's pool is `min(20, concurrency + 4)` (lib/server/background.ts). */
const WORKER_POOL_MAX = Math.min(20, DEFAULT_WORKER_CONCURRENCY + 4);
/** Submissions have their own pool, like the web server's (and so does the event listener). */
const SUBMIT_POOL_MAX = 4;
/** Slots per agent: never the limit (the worker runs at most 8 calls at once). */
const AGENT_SLOTS = 1_000;
/**
 * The largest workflow the default loop guard runs: it stops a request at 50 agent calls
 * (BATON_MAX_ATTEMPTS_PER_REQUEST). Workflows at the schema's cap of 200 also need that raised, and
 * planning five of them at once on 2 cores took longer than Prisma's 5 s transaction limit
 * (lib/server/execution/plan.ts writes each task and job row by row), so the plan job retried.
 */
const TASKS_PER_WORKFLOW = DEFAULT_LOOP_GUARD_OPTIONS.maxAttempts;
const THROUGHPUT_TIMEOUT_MS = 180_000;
const TERMINAL: readonly RequestStatus[] = ['succeeded', 'failed', 'cancelled'];
const submitter: Submitter = { userId: null, label: 'bench' };

// ---------------------------------------------------------------------------------------------
// Pure helpers: from timestamps to figures.

/** Milliseconds since the epoch of one webhook-agent request (one task). */
export interface LatencyTimes {
  /** Just before `submitRequest`. */
  submittedAt: number;
  /** The `task.ready` event's `created_at` (written by the plan job). */
  readyAt: number;
  /** The attempt's `started_at`: the start of the claim transaction. */
  claimedAt: number;
  /** The agent's clock on receipt of the POST. */
  receivedAt: number;
}

export function latencyStages(samples: readonly LatencyTimes[]) {
  return {
    total: samples.map((s) => s.receivedAt - s.submittedAt),
    submitToReady: samples.map((s) => s.readyAt - s.submittedAt),
    readyToReceived: samples.map((s) => s.receivedAt - s.readyAt),
    readyToClaim: samples.map((s) => s.claimedAt - s.readyAt),
    claimToReceived: samples.map((s) => s.receivedAt - s.claimedAt),
  };
}

/** Milliseconds since the epoch of one no-op task run alone. */
export interface OverheadTimes {
  submittedAt: number;
  readyAt: number;
  claimedAt: number;
  /** When the no-op adapter was called: the claim transaction has committed. */
  invokedAt: number;
  /** The task's `finished_at`: the start of the record transaction. */
  finishedAt: number;
  /** The request's fourth NOTIFY, received here: the record transaction committed. */
  recordedAt: number;
  /** The request's `finished_at` (the finish job). */
  requestFinishedAt: number;
}

export function overheadStages(samples: readonly OverheadTimes[]) {
  return {
    readyToFinished: samples.map((s) => s.finishedAt - s.readyAt),
    readyToClaim: samples.map((s) => s.claimedAt - s.readyAt),
    claimToInvoke: samples.map((s) => s.invokedAt - s.claimedAt),
    invokeToRecorded: samples.map((s) => s.recordedAt - s.invokedAt),
    readyToRecorded: samples.map((s) => s.recordedAt - s.readyAt),
    submitToRequestFinished: samples.map((s) => s.requestFinishedAt - s.submittedAt),
  };
}

/** Tasks per second over [startMs, endMs]. */
export function tasksPerSecond(tasks: number, startMs: number, endMs: number): number {
  if (tasks <= 0 || endMs <= startMs) return Number.NaN;
  return (tasks * 1000) / (endMs - startMs);
}

/**
 * Throughput runs as a row. p50 is the median run; the tail columns hold the low tail (the slower
 * runs), since for a rate the bad end is the small one.
 */
export function summarizeThroughput(
  name: string,
  rates: readonly number[],
  notes?: string,
): Measurement {
  const sorted = [...rates].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    suite: SUITE,
    name,
    unit: 'tasks/s',
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 10)),
    p99: round(percentile(sorted, 1)),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
    ...(notes && { notes }),
  };
}

/** a / b rounded to two decimals (NaN when b is 0). */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : Math.round((a / b) * 100) / 100;
}

export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
}

/** Splits `total` tasks into requests of at most `perRequest` tasks. */
export function batchSizes(total: number, perRequest: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= perRequest) sizes.push(Math.min(perRequest, left));
  return sizes;
}

// ---------------------------------------------------------------------------------------------
// The run.

/** Widths of the fan-out scaling runs (issue 11 asks for 200 / 1,000 / 2,000). */
export const FAN_OUT_WIDTHS = [200, 1_000, 2_000] as const;

export interface ExecutionBenchOptions {
  /** The benchmark's own, freshly migrated database. */
  connectionString: string;
  progress: (line: string) => void;
  sizes?: Partial<ExecutionBenchSizes>;
  /** Fan-out widths to run (default FAN_OUT_WIDTHS; [] skips them). */
  fanOutWidths?: readonly number[];
}

export interface ExecutionBenchReport {
  results: Measurement[];
  ratios: Record<string, number>;
  /** This process's CPU time per task in the throughput runs (worker, submissions, webhook agent). */
  cpuMsPerTask: Record<string, number>;
  config: Record<string, unknown>;
}

export async function benchExecution(
  options: ExecutionBenchOptions,
): Promise<ExecutionBenchReport> {
  const sizes: ExecutionBenchSizes = { ...EXECUTION_BENCH_DEFAULTS, ...options.sizes };
  const { progress, connectionString } = options;
  const submitDb = createPrismaClient({ connectionString, max: SUBMIT_POOL_MAX });
  const workerDb = createPrismaClient({ connectionString, max: WORKER_POOL_MAX });
  const watch = await watchRequests(connectionString);
  const invokedAt = new Map<string, number>();
  const noopAdapter: AgentAdapter = {
    kind: 'webhook',
    probe: () => Promise.resolve({ ok: true, latencyMs: 0 }),
    invoke: (_target, request) => {
      invokedAt.set(request.taskId, Date.now());
      return Promise.resolve({ ok: true, output: 'ok', text: 'ok', latencyMs: 0 });
    },
  };
  // In this process too, so its share of the CPU is in the throughput rows' CPU per task.
  const webhook = await startWebhookAgent(() => ({ body: { output: 'ok', text: 'ok' } }));
  const runWorker = (adapters?: ExecutionDeps['adapters']) =>
    startWorker({ db: workerDb, connectionString, ...(adapters && { deps: { adapters } }) });
  const results: Measurement[] = [];
  const ratios: Record<string, number> = {};
  const cpuMsPerTask: Record<string, number> = {};
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    await registerAgent(submitDb, {
      name: 'bench-webhook',
      endpointUrl: webhook.url,
      capabilities: ['bench_webhook'],
      maxConcurrentTasks: AGENT_SLOTS,
    });
    await registerAgent(submitDb, {
      name: 'bench-noop',
      // Never called: the no-op adapter stands in for the webhook adapter.
      endpointUrl: 'http://127.0.0.1:9/unused',
      capabilities: ['bench_noop'],
      maxConcurrentTasks: AGENT_SLOTS,
    });

    // 1 and 3 (webhook): the real webhook adapter over loopback HTTP.
    worker = await runWorker();
    const latencyRuns = await oneAtATime(
      submitDb,
      watch,
      'bench_webhook',
      sizes.latencySamples,
      sizes,
      (done) => reportEvery(progress, 'latency', done, sizes.latencySamples),
    );
    const receivedAt = new Map(webhook.calls.map((call) => [call.taskId, call.receivedAt]));
    const latency: LatencyTimes[] = (await taskTimes(submitDb, latencyRuns)).map((row) => ({
      submittedAt: row.submittedAt,
      readyAt: row.readyAt,
      claimedAt: row.claimedAt,
      receivedAt: receivedAt.get(row.taskId)!,
    }));
    const stages = latencyStages(latency);
    const enqueueToAgent = summarize(
      SUITE,
      'enqueue → webhook agent receives',
      stages.total,
      'submitRequest → POST received, loopback',
    );
    results.push(
      enqueueToAgent,
      summarize(SUITE, '  submit → task.ready', stages.submitToReady, 'plan job'),
      summarize(SUITE, '  task.ready → agent receives', stages.readyToReceived),
      summarize(SUITE, '    task.ready → claim starts', stages.readyToClaim, 'queue pickup'),
      summarize(
        SUITE,
        '    claim starts → agent receives',
        stages.claimToReceived,
        'claim tx + HTTP',
      ),
    );
    const webhookRun = await throughput(submitDb, watch, 'bench_webhook', sizes, progress);
    await worker.stop();

    // 2 and 3 (no-op): the in-process no-op adapter.
    worker = await runWorker(() => noopAdapter);
    const overheadRuns = await oneAtATime(
      submitDb,
      watch,
      'bench_noop',
      sizes.overheadSamples,
      sizes,
      (done) => reportEvery(progress, 'no-op overhead', done, sizes.overheadSamples),
    );
    const overhead: OverheadTimes[] = (await taskTimes(submitDb, overheadRuns)).map((row) => {
      // A single-task request commits five event transactions, in this order: submit, plan,
      // claim, record, finish. The fourth NOTIFY is the record transaction's commit.
      const commits = watch.commitsOf(row.requestId);
      if (commits.length !== 5) {
        throw new Error(
          `expected 5 event commits for request ${row.requestId}, saw ${commits.length}`,
        );
      }
      return {
        ...row,
        invokedAt: invokedAt.get(row.taskId)!,
        recordedAt: commits[3]!,
      };
    });
    const perTask = overheadStages(overhead);
    const sequentialRequest = summarize(
      SUITE,
      'no-op request: submit → succeeded',
      perTask.submitToRequestFinished,
      'plan + task + finish jobs',
    );
    results.push(
      summarize(
        SUITE,
        'no-op task: task.ready → succeeded',
        perTask.readyToFinished,
        'task.finished_at',
      ),
      summarize(SUITE, '  task.ready → claim starts', perTask.readyToClaim, 'queue pickup'),
      summarize(SUITE, '  claim starts → adapter called', perTask.claimToInvoke, 'claim tx'),
      summarize(SUITE, '  adapter returns → recorded', perTask.invokeToRecorded, 'record tx'),
      sequentialRequest,
    );
    // 2b (no-op, budgets on): the same runs with a global and an agent budget covering every call
    // (limits far away, so nothing is refused and no threshold fires): what reserving in the claim
    // and settling in the record add per task.
    const noopAgent = await submitDb.agent.findFirstOrThrow({ where: { name: 'bench-noop' } });
    const budgetIds = await Promise.all([
      submitDb.budget.create({
        data: {
          name: 'bench global',
          scope: 'global',
          limit: 1_000_000_000_000_000n,
          mode: 'stop',
        },
      }),
      submitDb.budget.create({
        data: {
          name: 'bench agent',
          scope: 'agent',
          scopeId: noopAgent.id,
          limit: 1_000_000_000_000_000n,
          mode: 'stop',
        },
      }),
    ]).then((rows) => rows.map((row) => row.id));
    const budgetRuns = await oneAtATime(
      submitDb,
      watch,
      'bench_noop',
      sizes.overheadSamples,
      sizes,
      (done) => reportEvery(progress, 'no-op overhead, budgets on', done, sizes.overheadSamples),
    );
    const withBudgets = overheadStages(
      (await taskTimes(submitDb, budgetRuns)).map((row) => {
        const commits = watch.commitsOf(row.requestId);
        if (commits.length !== 5) {
          throw new Error(
            `expected 5 event commits for request ${row.requestId}, saw ${commits.length}`,
          );
        }
        return { ...row, invokedAt: invokedAt.get(row.taskId)!, recordedAt: commits[3]! };
      }),
    );
    await submitDb.budget.deleteMany({ where: { id: { in: budgetIds } } });
    const claimAndRecord = (stages: ReturnType<typeof overheadStages>) =>
      stages.claimToInvoke.map((claim, i) => claim + stages.invokeToRecorded[i]!);
    const baseCR = summarize(SUITE, 'no-op claim + record tx', claimAndRecord(perTask));
    const budgetCR = summarize(
      SUITE,
      'no-op claim + record tx, 2 budgets',
      claimAndRecord(withBudgets),
      'global + agent budget: lock, reserve, settle',
    );
    results.push(baseCR, budgetCR);
    ratios.budgetsAddedMsP50 = Math.round((budgetCR.p50 - baseCR.p50) * 1000) / 1000;
    ratios.budgetsAddedMsP99 = Math.round((budgetCR.p99 - baseCR.p99) * 1000) / 1000;

    const noopRun = await throughput(submitDb, watch, 'bench_noop', sizes, progress);
    const fanOuts: FanOutRun[] = [];
    for (const width of options.fanOutWidths ?? FAN_OUT_WIDTHS) {
      fanOuts.push(await fanOut(submitDb, watch, 'bench_noop', width, progress));
    }
    await worker.stop();
    worker = undefined;
    for (const run of fanOuts) {
      results.push(
        summarize(
          SUITE,
          `fan-out of ${run.width} + join: per task`,
          [run.perTaskMs],
          `one request, no-op agent: ${(run.totalMs / 1000).toFixed(1)} s in all; node ${run.cpuMsPerTask} ms CPU/task${run.dbCpuMsPerTask === null ? '' : `, PostgreSQL ${run.dbCpuMsPerTask} ms`}`,
        ),
      );
    }
    const [narrowest, widest] = [fanOuts[0], fanOuts.at(-1)];
    if (narrowest && widest && widest !== narrowest) {
      // Linear total overhead: the per-task cost stays flat as the fan-out widens (1 = linear).
      ratios[`fanOut${widest.width}Over${narrowest.width}PerTask`] = ratio(
        widest.perTaskMs,
        narrowest.perTaskMs,
      );
    }

    ratios.enqueueToAgentP99OverP50 = ratio(enqueueToAgent.p99, enqueueToAgent.p50);
    ratios.planShareOfEnqueueToAgent = ratio(median(stages.submitToReady), enqueueToAgent.p50);
    ratios.webhookOverNoopThroughput = ratio(median(webhookRun.rates), median(noopRun.rates));
    // What 8 concurrent jobs gain over running tasks strictly one after another (ready → recorded).
    ratios.concurrentOverSequential = ratio(
      median(noopRun.rates),
      1000 / median(perTask.readyToRecorded),
    );
    cpuMsPerTask.noop = noopRun.cpuMsPerTask;
    cpuMsPerTask.webhook = webhookRun.cpuMsPerTask;
    if (noopRun.dbCpuMsPerTask !== null) cpuMsPerTask.noopDatabase = noopRun.dbCpuMsPerTask;
    if (webhookRun.dbCpuMsPerTask !== null)
      cpuMsPerTask.webhookDatabase = webhookRun.dbCpuMsPerTask;
    const batches = batchSizes(sizes.throughputTasks, TASKS_PER_WORKFLOW);
    const shape = `${batches.length} workflows × ${batches[0]} tasks`;
    results.push(
      summarizeThroughput(
        'throughput, no-op agent',
        noopRun.rates,
        `${shape}; ${ratios.concurrentOverSequential}× one at a time; node ${noopRun.cpuMsPerTask} ms CPU/task${dbCpuNote(noopRun)}`,
      ),
      summarizeThroughput(
        'throughput, webhook agent',
        webhookRun.rates,
        `${shape}; ${ratios.webhookOverNoopThroughput}× no-op; node ${webhookRun.cpuMsPerTask} ms CPU/task${dbCpuNote(webhookRun)}`,
      ),
    );
  } finally {
    await worker?.stop();
    await webhook.stop();
    await watch.stop();
    await submitDb.$disconnect();
    await workerDb.$disconnect();
  }
  return {
    results,
    ratios,
    cpuMsPerTask,
    config: {
      ...sizes,
      workerConcurrency: DEFAULT_WORKER_CONCURRENCY,
      workerPoolMax: WORKER_POOL_MAX,
    },
  };
}

interface SequentialRun {
  requestId: string;
  submittedAt: number;
}

/** Submits single-task requests one at a time, each after the previous one has finished. */
async function oneAtATime(
  db: PrismaClient,
  watch: RequestWatch,
  capability: string,
  samples: number,
  sizes: ExecutionBenchSizes,
  onSample: (done: number) => void,
): Promise<SequentialRun[]> {
  const runs: SequentialRun[] = [];
  for (let i = 0; i < sizes.warmup + samples; i++) {
    const input = { workflow: { tasks: [{ ref: 'only', capability, input: `sample ${i}` }] } };
    const submittedAt = Date.now();
    const { id } = await submitRequest(db, input, submitter);
    await watch.untilDone(id);
    if (i >= sizes.warmup) {
      runs.push({ requestId: id, submittedAt });
      onSample(runs.length);
    }
    await sleep(sizes.gapMs);
  }
  return runs;
}

interface ThroughputRun {
  /** Tasks per second of each run. */
  rates: number[];
  /** This process's CPU time per task over all runs: the worker, the submissions, the agent. */
  cpuMsPerTask: number;
  /** The PostgreSQL server's CPU time per task over all runs; null when it is not measurable here. */
  dbCpuMsPerTask: number | null;
}

/**
 * `throughputTasks` independent tasks submitted at once as workflows of TASKS_PER_WORKFLOW,
 * `throughputRuns` times; each run's rate is tasks / (last task finished − first submission).
 */
async function throughput(
  db: PrismaClient,
  watch: RequestWatch,
  capability: string,
  sizes: ExecutionBenchSizes,
  progress: (line: string) => void,
): Promise<ThroughputRun> {
  const label = `throughput (${capability})`;
  const rates: number[] = [];
  const dbCpu = await postgresCpuMeter(async (sql) => ({
    rows: await db.$queryRawUnsafe<Record<string, unknown>[]>(sql),
  }));
  const cpuBefore = process.cpuUsage();
  for (let run = 1; run <= sizes.throughputRuns; run++) {
    const start = Date.now();
    // As fast as the submission pool allows: more in flight would only wait for a connection (and,
    // past Prisma's 2 s transaction wait, fail).
    const submitted = await Promise.all(
      batchSizes(sizes.throughputTasks, TASKS_PER_WORKFLOW).map((size, batch) => {
        const tasks = Array.from({ length: size }, (_, i) => ({
          ref: `t${i}`,
          capability,
          // Distinct inputs: the loop guard stops identical calls to one agent within a request.
          input: `run ${run} request ${batch} task ${i}`,
        }));
        return submitRequest(db, { workflow: { tasks } }, submitter);
      }),
    );
    const ids = submitted.map((s) => s.id);
    let lastReport = Date.now();
    for (;;) {
      const { done, tasks } = await watch.progressOf(ids);
      if (done === ids.length) break;
      if (Date.now() - lastReport >= 5_000) {
        progress(`${label} ${tasks}/${sizes.throughputTasks} tasks`);
        lastReport = Date.now();
      }
      if (Date.now() - start > THROUGHPUT_TIMEOUT_MS) {
        throw new Error(`${label} did not finish within ${THROUGHPUT_TIMEOUT_MS / 1000} s`);
      }
      await sleep(500);
    }
    const end = await lastTaskFinished(db, ids);
    rates.push(tasksPerSecond(sizes.throughputTasks, start, end));
    progress(`${label} ${sizes.throughputTasks} tasks in ${((end - start) / 1000).toFixed(1)} s`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const tasks = sizes.throughputTasks * sizes.throughputRuns;
  const cpuMsPerTask = (cpu.user + cpu.system) / 1000 / tasks;
  const dbMs = dbCpu ? await dbCpu.elapsedMs() : null;
  return {
    rates,
    cpuMsPerTask: Math.round(cpuMsPerTask * 10) / 10,
    dbCpuMsPerTask: dbMs === null ? null : Math.round((dbMs / tasks) * 10) / 10,
  };
}

const dbCpuNote = (run: ThroughputRun) =>
  run.dbCpuMsPerTask === null ? '' : `, PostgreSQL ${run.dbCpuMsPerTask} ms`;

interface FanOutRun {
  width: number;
  /** From starting the request to the join's finish. */
  totalMs: number;
  /** totalMs ÷ (width + 1). */
  perTaskMs: number;
  cpuMsPerTask: number;
  dbCpuMsPerTask: number | null;
}

/**
 * One request of `width` independent tasks and a join depending on all of them, written as the
 * plan writes a request (tasks, edges) and started as the plan starts it (startRequest: the
 * leaves become ready and are enqueued in one statement). Timed from that start to the join's
 * `finished_at`.
 */
async function fanOut(
  db: PrismaClient,
  watch: RequestWatch,
  capability: string,
  width: number,
  progress: (line: string) => void,
): Promise<FanOutRun> {
  const request = await db.request.create({
    data: {
      input: `fan-out of ${width}`,
      submittedBy: submitter.label,
      planner: 'workflow',
      status: 'planning',
    },
    select: { id: true },
  });
  const leaves = await db.task.createManyAndReturn({
    data: Array.from({ length: width }, (_, i) => ({
      requestId: request.id,
      ref: `leaf${i}`,
      description: `leaf ${i}`,
      capability,
      // Distinct inputs: the loop guard stops identical calls to one agent within a request.
      input: `fan-out ${width} leaf ${i}`,
    })),
    select: { id: true },
  });
  const join = await db.task.create({
    data: {
      requestId: request.id,
      ref: 'join',
      description: 'join',
      capability,
      input: `fan-out ${width} join`,
    },
    select: { id: true },
  });
  await db.taskDependency.createMany({
    data: leaves.map((leaf) => ({ taskId: join.id, dependsOnId: leaf.id })),
  });
  const dbCpu = await postgresCpuMeter(async (sql) => ({
    rows: await db.$queryRawUnsafe<Record<string, unknown>[]>(sql),
  }));
  const cpuBefore = process.cpuUsage();
  const start = Date.now();
  await inTx(db, (tx) => startRequest(tx, request.id, new Date(start)));
  const status = await watch.untilDone(request.id, THROUGHPUT_TIMEOUT_MS);
  if (status !== 'succeeded') throw new Error(`the fan-out of ${width} ended ${status}`);
  const end = await lastTaskFinished(db, [request.id]);
  const cpu = process.cpuUsage(cpuBefore);
  const dbMs = dbCpu ? await dbCpu.elapsedMs() : null;
  const tasks = width + 1;
  progress(`fan-out of ${width}: ${((end - start) / 1000).toFixed(1)} s`);
  return {
    width,
    totalMs: end - start,
    perTaskMs: Math.round(((end - start) / tasks) * 1000) / 1000,
    cpuMsPerTask: Math.round(((cpu.user + cpu.system) / 1000 / tasks) * 10) / 10,
    dbCpuMsPerTask: dbMs === null ? null : Math.round((dbMs / tasks) * 10) / 10,
  };
}

async function lastTaskFinished(db: PrismaClient, requestIds: string[]): Promise<number> {
  const failed = await db.task.findFirst({
    where: { requestId: { in: requestIds }, status: { not: 'succeeded' } },
    select: { ref: true, status: true, error: true },
  });
  if (failed) throw new Error(`a benchmark task did not succeed: ${JSON.stringify(failed)}`);
  const last = await db.task.aggregate({
    where: { requestId: { in: requestIds } },
    _max: { finishedAt: true },
  });
  return last._max.finishedAt!.getTime();
}

interface TaskTimesRow {
  requestId: string;
  taskId: string;
  submittedAt: number;
  readyAt: number;
  claimedAt: number;
  finishedAt: number;
  requestFinishedAt: number;
}

/** The stored timestamps of single-task requests that succeeded at the first attempt. */
async function taskTimes(
  db: PrismaClient,
  runs: readonly SequentialRun[],
): Promise<TaskTimesRow[]> {
  const submittedAt = new Map(runs.map((run) => [run.requestId, run.submittedAt]));
  const requestIds = [...submittedAt.keys()];
  const rows = await db.$queryRaw<
    {
      request_id: string;
      task_id: string;
      ready_at: Date;
      claimed_at: Date;
      finished_at: Date | null;
      request_finished_at: Date | null;
      request_status: RequestStatus;
    }[]
  >`
    SELECT t.request_id, t.id AS task_id, e.created_at AS ready_at, a.started_at AS claimed_at,
           t.finished_at, r.finished_at AS request_finished_at, r.status AS request_status
    FROM tasks t
    JOIN requests r ON r.id = t.request_id
    JOIN events e ON e.task_id = t.id AND e.type = 'task.ready'
    JOIN task_attempts a ON a.task_id = t.id AND a.number = 1
    WHERE t.request_id = ANY(${requestIds}::uuid[])`;
  if (rows.length !== requestIds.length) {
    throw new Error(`expected ${requestIds.length} single-attempt tasks, found ${rows.length}`);
  }
  return rows.map((row) => {
    if (row.request_status !== 'succeeded' || !row.finished_at || !row.request_finished_at) {
      throw new Error(`benchmark request ${row.request_id} ended ${row.request_status}`);
    }
    return {
      requestId: row.request_id,
      taskId: row.task_id,
      submittedAt: submittedAt.get(row.request_id)!,
      readyAt: row.ready_at.getTime(),
      claimedAt: row.claimed_at.getTime(),
      finishedAt: row.finished_at.getTime(),
      requestFinishedAt: row.request_finished_at.getTime(),
    };
  });
}

interface RequestWatch {
  /** `Date.now()` of every NOTIFY for the request so far: one per committed event transaction. */
  commitsOf(requestId: string): number[];
  /** Resolves when the request is finished (woken by its events, not by polling). */
  untilDone(requestId: string, timeoutMs?: number): Promise<RequestStatus>;
  progressOf(requestIds: string[]): Promise<{ done: number; tasks: number }>;
  stop(): Promise<void>;
}

/** Listens on the event channel (every event transaction NOTIFYs its request id on commit). */
async function watchRequests(connectionString: string): Promise<RequestWatch> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  const commits = new Map<string, number[]>();
  const waiters = new Map<string, () => void>();
  client.on('notification', ({ payload }) => {
    if (!payload) return;
    const at = Date.now();
    const list = commits.get(payload);
    if (list) list.push(at);
    else commits.set(payload, [at]);
    waiters.get(payload)?.();
  });
  const statusOf = async (id: string) =>
    (
      await client.query<{ status: RequestStatus }>('SELECT status FROM requests WHERE id = $1', [
        id,
      ])
    ).rows[0]?.status;
  return {
    commitsOf: (id) => commits.get(id) ?? [],
    async untilDone(id, timeoutMs = 30_000) {
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
          return status;
        }
        if (Date.now() > deadline) throw new Error(`request ${id} not finished in ${timeoutMs} ms`);
        await woken;
        clearTimeout(timer);
      }
    },
    async progressOf(ids) {
      const { rows } = await client.query<{ done: number; tasks: number }>(
        `SELECT (SELECT count(*)::int FROM requests
                 WHERE id = ANY($1::uuid[]) AND status IN ('succeeded', 'failed', 'cancelled')) AS done,
                (SELECT count(*)::int FROM tasks
                 WHERE request_id = ANY($1::uuid[]) AND finished_at IS NOT NULL) AS tasks`,
        [ids],
      );
      return rows[0]!;
    },
    async stop() {
      await client.end();
    },
  };
}

function reportEvery(progress: (line: string) => void, label: string, done: number, total: number) {
  if (done % 50 === 0 || done === total) progress(`${label} ${done}/${total}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
