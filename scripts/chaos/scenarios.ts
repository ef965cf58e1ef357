/**
 * The chaos scenarios (issue 12). Each gets a fresh database, a webhook agent on loopback and a
 * global budget (so reservations are part of what must come out right), runs its workload while
 * something breaks, waits for every request to end, and checks the invariants.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPrismaClient, type PrismaClient } from '@/lib/db/prisma';
import { submitRequest } from '@/lib/server/execution/submit';
import { DEFAULT_DEAD_AFTER_MS, DEFAULT_STALE_AFTER_MS } from '@/lib/server/execution/worker';
import { registerAgent } from '@/lib/testing/execution';
import { summarize, type Measurement } from '../bench/stats';
import type { EmbeddedDatabase } from '../lib/embedded-postgres';
import { redispatchDelays, startChaosAgent, type ChaosAgent } from './agent';
import { explainRedispatch, traceJobs, type JobTracer } from './job-trace';
import { checkInvariants, violations, type Invariants } from './invariants';
import {
  parseSweepLines,
  redispatchPhases,
  takerKilled,
  workerFromReason,
  type CallPhases,
} from './redispatch';
import {
  killTree,
  randomBetween,
  sleep,
  startWebServer,
  startWorkerProcess,
  stopGracefully,
  waitForHealthy,
  type Started,
} from './processes';

export interface ScenarioReport {
  scenario: string;
  ok: boolean;
  durationMs: number;
  invariants: Invariants;
  figures: Record<string, number | string>;
  measurements: Measurement[];
  /** Scenario-specific detail for bench-results/chaos.json (e.g. the fuzz's per-target counts). */
  details?: Record<string, unknown>;
}

export interface ScenarioContext {
  databaseUrl: string;
  runDir: string;
  say: (line: string) => void;
}

const WORKFLOW_SIZE = 50;

/** 50 tasks: ten independent, then four waves each depending on the task ten before it. */
function workflow(label: string) {
  return {
    tasks: Array.from({ length: WORKFLOW_SIZE }, (_, i) => ({
      ref: `t${i}`,
      capability: 'crunch',
      input: `${label} task ${i}`,
      maxAttempts: 3,
      ...(i >= 10 && { dependsOn: [`t${i - 10}`] }),
    })),
  };
}

async function prepare(databaseUrl: string): Promise<{ db: PrismaClient; agent: ChaosAgent }> {
  const db = createPrismaClient({ connectionString: databaseUrl, max: 4 });
  const agent = await startChaosAgent();
  await registerAgent(db, {
    name: 'chaos-webhook',
    endpointUrl: agent.url,
    capabilities: ['crunch'],
    maxConcurrentTasks: 64,
    pricePerCall: 100n,
  });
  await db.budget.create({
    data: { name: 'chaos global', scope: 'global', limit: 1_000_000_000n, mode: 'stop' },
  });
  return { db, agent };
}

async function submitBatch(db: PrismaClient, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await submitRequest(
      db,
      { workflow: workflow(`${label}-${i}`) },
      {
        userId: null,
        label: 'chaos',
      },
    );
    ids.push(id);
  }
  return ids;
}

async function openRequests(db: PrismaClient): Promise<number> {
  return db.request.count({ where: { status: { notIn: ['succeeded', 'failed', 'cancelled'] } } });
}

async function waitForAllEnded(db: PrismaClient, timeoutMs: number, say: (l: string) => void) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const open = await openRequests(db);
    if (open === 0) return true;
    if (open !== last) say(`  ${open} request(s) still running …`);
    last = open;
    if (Date.now() > deadline) return false;
    await sleep(1_000);
  }
}

/**
 * 1. Worker kills: three worker processes (no web server: its in-process worker would be a fourth),
 * 1,000+ tasks, a random worker `kill -9`-ed every 1–3 s and restarted, until `targetKills`.
 * More workflows are submitted while kills remain, so every kill lands on work in flight.
 */
export async function workerKills(
  ctx: ScenarioContext,
  options: { targetKills: number; minTasks: number; victims?: 'random' | 'busy' },
): Promise<ScenarioReport> {
  const started = Date.now();
  const victims = options.victims ?? 'random';
  const { db, agent } = await prepare(ctx.databaseUrl);
  const logDir = ctx.runDir;
  let serial = 0;
  const workers: Started[] = [];
  // Each worker process's life, by pid: spawned, killed (for the re-dispatch stories).
  const lives = new Map<number, { spawnedAt: number; killedAt?: number }>();
  const spawnWorker = () => {
    const started = startWorkerProcess(`worker-${++serial}`, ctx.databaseUrl, logDir);
    workers.push(started);
    if (started.child.pid) lives.set(started.child.pid, { spawnedAt: Date.now() });
  };
  const tracer = traceJobs(ctx.databaseUrl);
  try {
    for (let i = 0; i < 3; i++) spawnWorker();
    let submitted = (await submitBatch(db, Math.ceil(options.minTasks / WORKFLOW_SIZE), 'kills'))
      .length;
    ctx.say(`  ${submitted * WORKFLOW_SIZE} tasks submitted; killing a worker every 1–3 s …`);
    let kills = 0;
    let killsOnBusyWorkers = 0;
    let killsWithCallsInFlight = 0;
    // How many workers were running (heartbeating) when each victim was chosen: a replacement
    // takes seconds to boot, so at 1–3 s per kill the survivors are few.
    const runningAtKill: number[] = [];
    while (kills < options.targetKills) {
      await sleep(randomBetween(1_000, 3_000));
      // A victim among the workers that are up (heartbeating). `random` (default, the issue's
      // shape): any of them; one task in ten holds its call 1–2 s (agent.ts), so most victims
      // have calls in flight to cut. `busy` (CHAOS_VICTIMS=busy, the earlier harness): first one
      // whose call the agent holds open right now (call → attempt → worker id → heartbeat → pid),
      // looked for every 25 ms for up to 1 s, then one holding running attempts. It hunts the
      // worker that just took over the dead pools' jobs and kills it again before it records
      // them (ADR 0057, addendum "chaos4"): the worst case, not a crash's.
      const cutting = new Set<number>();
      for (const until = Date.now() + (victims === 'busy' ? 1_000 : 0); ;) {
        const open = agent.inFlight();
        if (open.length > 0) {
          const found = await db.$queryRaw<{ pid: number }[]>`
            SELECT DISTINCT h.pid FROM task_attempts a
            JOIN worker_heartbeats h ON h.id = a.worker_id
            JOIN unnest(${open.map((c) => c.idempotencyKey)}::text[]) AS k(key)
              ON k.key = a.idempotency_key
            WHERE a.status = 'running' AND h.heartbeat_at > now() - interval '5 seconds'`;
          for (const row of found) cutting.add(Number(row.pid));
        }
        if (cutting.size > 0 || Date.now() >= until) break;
        await sleep(25);
      }
      const rows = await db.$queryRaw<{ pid: number; running: bigint }[]>`
        SELECT h.pid, count(a.id) AS running
        FROM worker_heartbeats h
        LEFT JOIN task_attempts a ON a.worker_id = h.id AND a.status = 'running'
        WHERE h.heartbeat_at > now() - interval '5 seconds'
        GROUP BY h.pid`;
      const beating = new Map(rows.map((row) => [Number(row.pid), Number(row.running)]));
      const live = workers.filter((w) => w.alive() && beating.has(w.child.pid ?? -1));
      const holding = live.filter((w) => beating.get(w.child.pid!)! > 0);
      const inFlight = live.filter((w) => cutting.has(w.child.pid!));
      const pool =
        victims === 'random'
          ? live
          : inFlight.length > 0
            ? inFlight
            : holding.length > 0
              ? holding
              : live;
      const victim = pool[Math.floor(Math.random() * pool.length)];
      if (victim && inFlight.includes(victim)) killsWithCallsInFlight += 1;
      if (victim && holding.includes(victim)) killsOnBusyWorkers += 1;
      if (victim?.child.pid) {
        runningAtKill.push(live.length);
        const life = lives.get(victim.child.pid);
        if (life) life.killedAt = Date.now();
        await killTree(victim.child.pid);
        await victim.exited;
        kills += 1;
        spawnWorker();
        if (kills % 10 === 0) ctx.say(`  ${kills}/${options.targetKills} kills`);
      }
      // Keep work in flight until the last kill.
      if ((await openRequests(db)) < 4) {
        submitted += (await submitBatch(db, 4, `kills-more-${kills}`)).length;
      }
    }
    ctx.say(`  ${kills} kills done; waiting for every request to end …`);
    const ended = await waitForAllEnded(db, 10 * 60_000, ctx.say);
    await sleep(3_000);
    const invariants = await checkInvariants(db);
    const { delays, notResent } = redispatchDelays(agent.calls);
    const phases = await killPhases(db, agent, logDir, lives);
    // Every call sent again after its worker was killed: cut in flight (from the cut), or
    // answered but not recorded before the kill (from the kill).
    const resent = phases.map((p) => p.total);
    const measurements = [
      summarize('chaos', 'worker kills: re-dispatch delay (cut or killed)', resent),
      summarize('chaos', 'worker kills: re-dispatch delay (cut calls only)', delays),
    ];
    measurements.push(...phaseMeasurements(phases));
    const stories = await redispatchStories(db, tracer, phases, lives);
    measurements.push(...storyMeasurements(stories));
    // Split by whether a worker that took the job over was killed too before the re-send (each
    // such death costs another stale window): the single-death re-dispatch, and the compounded.
    const compounded = phases.map((p) =>
      takerKilled(
        p,
        stories.find((s) => s.taskId === p.taskId && s.sweptToClaimed === p.sweptToClaimed)
          ?.pickups ?? [],
      ),
    );
    const single = phases.filter((_, i) => !compounded[i]).map((p) => p.total);
    const twice = phases.filter((_, i) => compounded[i]).map((p) => p.total);
    const singleSummary = summarize(
      'chaos',
      'worker kills: re-dispatch delay, no taker killed',
      single,
    );
    const twiceSummary = summarize(
      'chaos',
      'worker kills: re-dispatch delay, a taker killed too',
      twice,
    );
    measurements.push(singleSummary, twiceSummary);
    return {
      scenario: 'worker kills',
      ok: ended && violations(invariants) === 0,
      durationMs: Date.now() - started,
      invariants,
      figures: {
        victims,
        kills,
        killsOnBusyWorkers,
        killsWithCallsInFlight,
        killsWithOneRunning: runningAtKill.filter((n) => n === 1).length,
        killsWithTwoRunning: runningAtKill.filter((n) => n === 2).length,
        workflows: submitted,
        tasks: invariants.tasks,
        calls: agent.calls.length,
        callsCut: delays.length + notResent,
        cutNotResent: notResent,
        callsResentAfterAKill: resent.length,
        redispatchP50Ms: resent.length > 0 ? measurements[0]!.p50 : '-',
        redispatchP99Ms: resent.length > 0 ? measurements[0]!.p99 : '-',
        cutRedispatchP99Ms: delays.length > 0 ? measurements[1]!.p99 : '-',
        resentATakerKilledToo: twice.length,
        redispatchNoTakerKilledP50Ms: single.length > 0 ? singleSummary.p50 : '-',
        redispatchNoTakerKilledP99Ms: single.length > 0 ? singleSummary.p99 : '-',
        keysCutTwiceOrMore: [...cutsPerKey(agent.calls).values()].filter((n) => n > 1).length,
        resentOtherThanBySweep: phases.filter((p) => p.via === 'other').length,
        pickedUpByAWorkerThatDiedBeforeClaiming: stories.filter((s) => s.diedBeforeClaim > 0)
          .length,
      },
      measurements,
      details: { phases, stories },
    };
  } finally {
    await tracer.stop();
    await Promise.all(workers.map((w) => stopGracefully(w)));
    await agent.stop();
    await db.$disconnect();
  }
}

/**
 * For each re-dispatched call: what its job did between the sweep and the claim (job-trace.ts),
 * and how old each worker that picked it up was (spawned → pickup) and whether it was killed.
 */
async function redispatchStories(
  db: PrismaClient,
  tracer: JobTracer,
  phases: CallPhases[],
  lives: Map<number, { spawnedAt: number; killedAt?: number }>,
) {
  const pools = await db.$queryRaw<{ id: string; pid: number; started_at: Date }[]>`
    SELECT id, pid, started_at FROM worker_heartbeats`;
  const byPool = new Map(pools.map((p) => [p.id, p]));
  return phases
    .filter((p) => p.sweptAt !== null && p.claimedAt !== null)
    .map((p) => {
      const story = explainRedispatch(tracer.history.get(p.taskId) ?? [], p.sweptAt!, p.claimedAt!);
      return {
        taskId: p.taskId,
        sweptToClaimed: p.sweptToClaimed,
        ...story,
        pickups: story.pickups.map((pickup) => {
          const pool = byPool.get(pickup.pool);
          const life = pool ? lives.get(Number(pool.pid)) : undefined;
          return {
            ...pickup,
            firstBeatAt: pool?.started_at.getTime() ?? null,
            workerAgeMs: life ? pickup.at - life.spawnedAt : null,
            killedAfterMs: life?.killedAt === undefined ? null : life.killedAt - pickup.at,
          };
        }),
      };
    });
}

function storyMeasurements(stories: Awaited<ReturnType<typeof redispatchStories>>): Measurement[] {
  const first = stories.map((s) => s.firstPickupMs).filter((v): v is number => v !== null);
  return [
    ...(first.length > 0
      ? [summarize('chaos', 'worker kills: re-dispatch swept → first pickup', first)]
      : []),
  ];
}

function cutsPerKey(calls: ChaosAgent['calls']): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (call.cutAt !== undefined) {
      counts.set(call.idempotencyKey, (counts.get(call.idempotencyKey) ?? 0) + 1);
    }
  }
  return counts;
}

/** The re-dispatch delays broken into phases (scripts/chaos/redispatch.ts). */
async function killPhases(
  db: PrismaClient,
  agent: ChaosAgent,
  logDir: string,
  lives: Map<number, { spawnedAt: number; killedAt?: number }>,
) {
  const beats = await db.$queryRaw<{ id: string; heartbeat_at: Date; pid: number }[]>`
    SELECT id, heartbeat_at, pid FROM worker_heartbeats`;
  const killedAt = new Map<string, number>();
  for (const beat of beats) {
    const killed = lives.get(Number(beat.pid))?.killedAt;
    if (killed !== undefined) killedAt.set(beat.id, killed);
  }
  const events = await db.$queryRaw<{ task_id: string; payload: unknown; created_at: Date }[]>`
    SELECT task_id::text, payload, created_at FROM events
    WHERE type = 'attempt.started' AND payload ? 'redelivery'`;
  const sweeps = [];
  for (const name of await readdir(logDir)) {
    if (name.startsWith('worker-') && name.endsWith('.log')) {
      sweeps.push(...parseSweepLines(await readFile(path.join(logDir, name), 'utf8')));
    }
  }
  return redispatchPhases({
    calls: agent.calls,
    heartbeats: new Map(beats.map((b) => [b.id, b.heartbeat_at.getTime()])),
    redeliveries: events.map((e) => {
      const payload = e.payload as { attempt?: number; reason?: unknown };
      return {
        taskId: e.task_id,
        attempt: Number(payload.attempt ?? 0),
        at: e.created_at.getTime(),
        fromWorker: workerFromReason(payload.reason),
      };
    }),
    sweeps,
    staleAfterMs: DEFAULT_STALE_AFTER_MS,
    deadAfterMs: DEFAULT_DEAD_AFTER_MS,
    killedAt,
  });
}

function phaseMeasurements(phases: CallPhases[]): Measurement[] {
  const keys = ['cutToDead', 'deadToSwept', 'sweptToClaimed', 'claimedToSent'] as const;
  return keys.flatMap((key) => {
    const values = phases.map((p) => p[key]).filter((v): v is number => v !== null);
    return values.length > 0
      ? [summarize('chaos', `worker kills: re-dispatch ${key}`, values)]
      : [];
  });
}

interface HealthSample {
  at: number;
  status: number | 'unreachable';
  body?: string;
  ms: number;
}

/** Polls /api/v1/health every 250 ms; returns a stop() that yields the samples. */
function watchHealth(url: string) {
  const samples: HealthSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        const body = await response.text();
        samples.push({
          at,
          status: response.status,
          body: body.slice(0, 200),
          ms: Date.now() - at,
        });
      } catch {
        samples.push({ at, status: 'unreachable', ms: Date.now() - at });
      }
      await sleep(250);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return samples;
  };
}

/**
 * 2. Database restart: the web server (in-process worker off) and two worker processes run 500
 * tasks while PostgreSQL is stopped and started twice (4 s down each time). Nobody is restarted
 * by hand: the web server and the workers must reconnect by themselves, /api/v1/health must report
 * the outage (503) and the recovery (200), and every request must end.
 */
export async function databaseRestart(
  ctx: ScenarioContext & {
    port: number;
    restartServer: () => Promise<EmbeddedDatabase>;
    stopServer: () => Promise<void>;
  },
): Promise<ScenarioReport> {
  const started = Date.now();
  const { db, agent } = await prepare(ctx.databaseUrl);
  const healthUrl = `http://localhost:${ctx.port}/api/v1/health`;
  const web = startWebServer('restart-web', {
    databaseUrl: ctx.databaseUrl,
    port: ctx.port,
    dataDir: path.join(ctx.runDir, 'web'),
    worker: false,
    logDir: ctx.runDir,
  });
  const workers = [1, 2].map((n) =>
    startWorkerProcess(`restart-worker-${n}`, ctx.databaseUrl, ctx.runDir),
  );
  let stopWatch: (() => Promise<HealthSample[]>) | undefined;
  try {
    ctx.say('  starting the web server (builds when the sources changed) …');
    await waitForHealthy(healthUrl, 15 * 60_000);
    stopWatch = watchHealth(healthUrl);
    await submitBatch(db, 10, 'restart');
    ctx.say('  500 tasks submitted');
    const outages: { downAt: number; upAt: number }[] = [];
    for (let round = 1; round <= 2; round++) {
      await sleep(round === 1 ? 3_000 : 6_000);
      ctx.say(`  restart ${round}: stopping PostgreSQL …`);
      const downAt = Date.now();
      await ctx.stopServer();
      await sleep(4_000);
      await ctx.restartServer();
      outages.push({ downAt, upAt: Date.now() });
      ctx.say(`  restart ${round}: PostgreSQL is back`);
    }
    const ended = await waitForAllEnded(db, 10 * 60_000, ctx.say);
    await sleep(3_000);
    const samples = await stopWatch();
    stopWatch = undefined;
    const invariants = await checkInvariants(db);
    const during = (s: HealthSample) =>
      outages.some((o) => s.at >= o.downAt + 500 && s.at <= o.upAt - 500);
    const reportedOutage = samples.filter(during).some((s) => s.status === 503);
    const last = samples.at(-1);
    const recovered = last?.status === 200;
    const firstOkAfter = outages.map((o) => {
      const ok = samples.find((s) => s.at > o.upAt && s.status === 200);
      return ok ? ok.at - o.upAt : Number.NaN;
    });
    const workersAlive = workers.filter((w) => w.alive()).length;
    return {
      scenario: 'database restart',
      ok:
        ended &&
        violations(invariants) === 0 &&
        reportedOutage &&
        recovered &&
        web.alive() &&
        workersAlive === 2,
      durationMs: Date.now() - started,
      invariants,
      figures: {
        restarts: outages.length,
        tasks: invariants.tasks,
        healthSamples: samples.length,
        healthReported503: reportedOutage ? 'yes' : 'no',
        healthOkAgainAfterMs: firstOkAfter.map((n) => Math.round(n)).join(' / '),
        webServerAlive: web.alive() ? 'yes' : 'no',
        workersAlive,
      },
      measurements: [
        summarize(
          'chaos',
          'database restart: health response',
          samples.filter((s) => s.status !== 'unreachable').map((s) => s.ms),
        ),
      ],
    };
  } finally {
    await stopWatch?.();
    await Promise.all([...workers, web].map((p) => stopGracefully(p)));
    await agent.stop();
    await db.$disconnect();
  }
}

/**
 * 3. Web server kill: `npm start` with its in-process worker and no other worker; mid-run the
 * whole process tree is `kill -9`-ed, then `npm start` runs again. Everything must finish.
 */
export async function webServerKill(
  ctx: ScenarioContext & { port: number },
): Promise<ScenarioReport> {
  const started = Date.now();
  const { db, agent } = await prepare(ctx.databaseUrl);
  const healthUrl = `http://localhost:${ctx.port}/api/v1/health`;
  const options = {
    databaseUrl: ctx.databaseUrl,
    port: ctx.port,
    dataDir: path.join(ctx.runDir, 'web'),
    worker: true,
    logDir: ctx.runDir,
  };
  let web = startWebServer('webkill-web-1', options);
  try {
    await waitForHealthy(healthUrl, 15 * 60_000);
    await submitBatch(db, 6, 'webkill');
    ctx.say('  300 tasks submitted; waiting for calls in flight …');
    const deadline = Date.now() + 60_000;
    while (agent.calls.length < 40 && Date.now() < deadline) await sleep(100);
    const killedAt = Date.now();
    await killTree(web.child.pid!);
    await web.exited;
    const openAtKill = await openRequests(db);
    ctx.say(`  killed the web server with ${openAtKill} request(s) open; npm start again …`);
    web = startWebServer('webkill-web-2', options);
    await waitForHealthy(healthUrl, 5 * 60_000);
    const backAfterMs = Date.now() - killedAt;
    const ended = await waitForAllEnded(db, 10 * 60_000, ctx.say);
    const finishedAfterMs = Date.now() - killedAt;
    await sleep(3_000);
    const invariants = await checkInvariants(db);
    return {
      scenario: 'web server kill',
      ok: ended && openAtKill > 0 && violations(invariants) === 0,
      durationMs: Date.now() - started,
      invariants,
      figures: {
        tasks: invariants.tasks,
        openRequestsAtKill: openAtKill,
        healthyAgainAfterMs: backAfterMs,
        allFinishedAfterMs: finishedAfterMs,
      },
      measurements: [],
    };
  } finally {
    await stopGracefully(web);
    await agent.stop();
    await db.$disconnect();
  }
}
