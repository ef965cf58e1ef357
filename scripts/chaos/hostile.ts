/**
 * 5. Hostile agents (issue 12): one webhook, openai and A2A agent per misbehaviour
 * (scripts/chaos/hostile-agents.ts), each registered with a short timeout and one attempt, one
 * request each submitted through the web server's API (`npm start` with its in-process worker).
 * Every task must end with the error class its behaviour deserves (or succeed where the behaviour
 * is harmless) within its timeout plus a small slack; /api/v1/health must answer within 200 ms
 * (p99) throughout, and the web server's RSS (its whole process tree) must stay bounded while
 * 100 MB bodies are thrown at it.
 */
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { createPrismaClient } from '@/lib/db/prisma';
import type { ErrorKind } from '@/lib/engine';
import { registerAgent } from '@/lib/testing/execution';
import { summarize } from '../bench/stats';
import {
  BEHAVIOURS,
  HOSTILE_KINDS,
  HOSTILE_MODEL,
  HUGE_BODY_BYTES,
  startHostileAgent,
  type Behaviour,
  type HostileAgent,
  type HostileKind,
} from './hostile-agents';
import { checkInvariants, violations } from './invariants';
import { sleep, startWebServer, stopGracefully, treeRssKiB, waitForHealthy } from './processes';
import type { ScenarioContext, ScenarioReport } from './scenarios';

/** Per-attempt timeout of every hostile agent's task. */
export const HOSTILE_TIMEOUT_MS = 5_000;
/** An attempt may end this long after its timeout (an A2A CancelTask after a timeout takes ≤ 1 s). */
export const END_SLACK_MS = 2_000;
/** Health is polled this long before the first request, for an idle baseline. */
const IDLE_MS = 4_000;
/** Health must answer faster than this at p99. */
export const HEALTH_P99_GOAL_MS = 200;
/**
 * The web server's RSS may grow at most this much over its idle level: the 100 MB bodies are
 * thrown six at a time, so buffering even one whole would show; the caps allow 4–8 MiB each.
 */
export const RSS_GROWTH_LIMIT_MIB = 256;

/** What each behaviour must end as: an error class, or `succeeded` where it is harmless. */
export function expectedOutcome(kind: HostileKind, behaviour: Behaviour): ErrorKind | 'succeeded' {
  switch (behaviour) {
    case 'hang':
    case 'drip':
      return 'timeout';
    case 'http_500':
      return 'server';
    case 'reset':
      return 'network';
    case 'invalid_json':
    case 'huge_body':
    case 'huge_sse':
      return 'invalid_response';
    case 'other_task':
      // A webhook reply has no task id to get wrong: `remoteTaskId` is only the agent's label.
      return kind === 'webhook' ? 'succeeded' : 'invalid_response';
  }
}

export interface HostileRow {
  agent: string;
  kind: HostileKind;
  behaviour: Behaviour;
  expected: string;
  /** The attempt's outcome: `succeeded`, its error class, or `unclassified` / `no attempt`. */
  got: string;
  /** Attempt start to end. */
  endedMs: number | null;
  /** Submission (API call) to the request's end. */
  requestMs: number | null;
  bytesSent: number;
  error: string;
  ok: boolean;
}

/** Calls `sample` every `everyMs` until stopped; returns what it collected. */
function every<T>(everyMs: number, sample: () => Promise<T | undefined>) {
  const samples: T[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const value = await sample();
      if (value !== undefined) samples.push(value);
      await sleep(Math.max(0, everyMs - (Date.now() - started)));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return samples;
  };
}

/**
 * Polls `url` every `everyMs` from a worker thread: this process also serves the hostile agents
 * (100 MB bodies written as fast as the socket takes them), and a poller sharing their event loop
 * would time its own lag, not the web server's answer.
 */
function watchHealth(url: string, everyMs: number) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    let running = true;
    const samples = [];
    parentPort.on('message', () => { running = false; });
    (async () => {
      while (running) {
        const at = Date.now();
        const started = performance.now();
        let status = 0;
        let timing = null;
        try {
          const response = await fetch(workerData.url, { signal: AbortSignal.timeout(5000) });
          await response.text();
          status = response.status;
          timing = response.headers.get('server-timing');
        } catch {}
        const ms = performance.now() - started;
        samples.push({ at, ms, status, timing });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, workerData.everyMs - ms)));
      }
      parentPort.postMessage(samples);
    })();`,
    { eval: true, workerData: { url, everyMs } },
  );
  const done = new Promise<HealthSample[]>((resolve) => worker.once('message', resolve));
  let result: Promise<HealthSample[]> | undefined;
  return () => {
    if (!result) {
      worker.postMessage('stop');
      result = done.finally(() => void worker.terminate());
    }
    return result;
  };
}

interface HealthSample {
  at: number;
  ms: number;
  status: number;
  /** The response's Server-Timing header (health names its own pieces there). */
  timing: string | null;
}

/** `a;dur=1.5, b;dur=2` → { a: 1.5, b: 2 } (entries without a duration are left out). */
export function parseServerTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of (header ?? '').split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const dur = params.map((p) => /^\s*dur=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name && dur !== undefined) out[name] = Number(dur);
  }
  return out;
}

/**
 * p50 / p99 / max of every Server-Timing piece over `samples`, as `name p50/p99/max`, plus
 * `outside`: the poller's time minus the handler's (`app`), i.e. the proxy, Next.js's routing and
 * the waits for a busy event loop on the way in and out.
 */
function timingSummary(samples: readonly HealthSample[]): Record<string, string> {
  const pieces = new Map<string, number[]>();
  for (const s of samples) {
    const timing = parseServerTiming(s.timing);
    if (timing.app !== undefined) timing.outside = s.ms - timing.app;
    for (const [name, dur] of Object.entries(timing)) {
      pieces.set(name, [...(pieces.get(name) ?? []), dur]);
    }
  }
  const out: Record<string, string> = {};
  for (const [name, values] of pieces) {
    const sum = summarize('chaos', name, values);
    out[name] = `${sum.p50.toFixed(1)}/${sum.p99.toFixed(1)}/${sum.max.toFixed(1)}`;
  }
  return out;
}

export async function hostileAgents(
  ctx: ScenarioContext & { port: number },
): Promise<ScenarioReport & { agents: HostileRow[] }> {
  const started = Date.now();
  const db = createPrismaClient({ connectionString: ctx.databaseUrl, max: 4 });
  const base = `http://localhost:${ctx.port}`;
  const agents: { agent: HostileAgent; name: string; capability: string }[] = [];
  const web = startWebServer('hostile-web', {
    databaseUrl: ctx.databaseUrl,
    port: ctx.port,
    dataDir: path.join(ctx.runDir, 'web'),
    worker: true,
    logDir: ctx.runDir,
    // /api/v1/health is public, so it draws on the per-IP budget (300 a minute by default); polled
    // every 100 ms it would be answered 429 after 30 s. 0 turns the per-IP limit off (ADR 0051).
    env: { BATON_RATE_LIMIT_IP: '0' },
  });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    for (const kind of HOSTILE_KINDS) {
      for (const behaviour of BEHAVIOURS) {
        const agent = await startHostileAgent(kind, behaviour);
        const name = `hostile-${kind}-${behaviour.replace('_', '-')}`;
        const capability = `hostile.${kind}.${behaviour}`;
        await registerAgent(db, {
          kind,
          name,
          endpointUrl: agent.url,
          capabilities: [capability],
          config: kind === 'openai' ? { model: HOSTILE_MODEL } : {},
          maxConcurrentTasks: 2,
        });
        agents.push({ agent, name, capability });
      }
    }
    const { token } = await createApiToken(db, { name: 'chaos hostile', role: 'operator' });
    ctx.say(`  ${agents.length} hostile agents up; starting the web server (builds if needed) …`);
    await waitForHealthy(`${base}/api/v1/health`, 15 * 60_000);
    const pid = web.child.pid!;

    // Idle level first, then watch health (every 100 ms) and RSS (every 250 ms) through the run.
    await sleep(2_000);
    const idleKiB = await treeRssKiB(pid);
    const stopHealth = watchHealth(`${base}/api/v1/health`, 100);
    const stopRss = every(250, async () => (await treeRssKiB(pid)) || undefined);
    stops.push(stopHealth, stopRss);
    // A few seconds of idle polling first: the baseline the hostile traffic is compared with.
    await sleep(IDLE_MS);

    const submittedAt = new Map<string, number>();
    const requestOf = new Map<string, string>();
    for (const { capability } of agents) {
      const response = await fetch(`${base}/api/v1/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          workflow: {
            title: `chaos ${capability}`,
            tasks: [
              {
                ref: 't0',
                capability,
                input: `hostile test for ${capability}`,
                maxAttempts: 1,
                timeoutMs: HOSTILE_TIMEOUT_MS,
              },
            ],
          },
        }),
      });
      const body = (await response.json()) as { data?: { id: string } };
      if (response.status !== 202 || !body.data) {
        throw new Error(
          `POST /api/v1/requests answered ${response.status}: ${JSON.stringify(body)}`,
        );
      }
      requestOf.set(capability, body.data.id);
      submittedAt.set(body.data.id, Date.now());
    }
    ctx.say(`  ${agents.length} requests submitted through the API; waiting for them to end …`);

    const deadline = Date.now() + 3 * 60_000;
    let open = agents.length;
    while (Date.now() < deadline) {
      open = await db.request.count({
        where: { status: { notIn: ['succeeded', 'failed', 'cancelled'] } },
      });
      if (open === 0) break;
      await sleep(250);
    }
    const health = await stopHealth();
    const rss = await stopRss();
    stops.length = 0;
    await sleep(1_000);

    const rows: HostileRow[] = [];
    for (const { agent, name, capability } of agents) {
      const requestId = requestOf.get(capability)!;
      const request = await db.request.findUniqueOrThrow({
        where: { id: requestId },
        select: { status: true, finishedAt: true },
      });
      const attempt = await db.taskAttempt.findFirst({
        where: { task: { requestId } },
        orderBy: { number: 'desc' },
        select: { status: true, errorKind: true, error: true, startedAt: true, finishedAt: true },
      });
      const expected = expectedOutcome(agent.kind, agent.behaviour);
      const got = !attempt
        ? 'no attempt'
        : attempt.status === 'succeeded'
          ? 'succeeded'
          : attempt.status === 'failed'
            ? (attempt.errorKind ?? 'unclassified')
            : attempt.status;
      const endedMs = attempt?.finishedAt
        ? attempt.finishedAt.getTime() - attempt.startedAt.getTime()
        : null;
      const requestMs = request.finishedAt
        ? request.finishedAt.getTime() - submittedAt.get(requestId)!
        : null;
      const inTime = endedMs !== null && endedMs <= HOSTILE_TIMEOUT_MS + END_SLACK_MS;
      const requestEnded =
        expected === 'succeeded' ? request.status === 'succeeded' : request.status === 'failed';
      rows.push({
        agent: name,
        kind: agent.kind,
        behaviour: agent.behaviour,
        expected,
        got,
        endedMs,
        requestMs,
        bytesSent: agent.bytesSent,
        error: (attempt?.error ?? '').replace(/http:\/\/127\.0\.0\.1:\d+/g, '<agent>').slice(0, 90),
        // A 100 MB body must be cut at a cap, not read to its end.
        ok: got === expected && inTime && requestEnded && agent.bytesSent < HUGE_BODY_BYTES,
      });
    }

    // The poller's first call loads its thread's HTTP client: its time is the poller's, not Baton's.
    health.shift();
    const firstSubmit = Math.min(...submittedAt.values());
    const healthMs = health.map((s) => s.ms);
    const idleHealth = summarize(
      'chaos',
      'hostile agents: /api/v1/health before the first request',
      health.filter((s) => s.at < firstSubmit).map((s) => s.ms),
    );
    const busyHealth = summarize(
      'chaos',
      'hostile agents: /api/v1/health while the requests ran',
      health.filter((s) => s.at >= firstSubmit).map((s) => s.ms),
    );
    const slow = health
      .filter((s) => s.ms >= HEALTH_P99_GOAL_MS)
      .map((s) => `${Math.round(s.ms)} ms at +${((s.at - firstSubmit) / 1000).toFixed(1)} s`);
    if (slow.length > 0) ctx.say(`  health answers ≥ ${HEALTH_P99_GOAL_MS} ms: ${slow.join(', ')}`);
    // Where health's time went (its Server-Timing pieces), idle and busy, and for the slowest.
    const idleSamples = health.filter((s) => s.at < firstSubmit);
    const busySamples = health.filter((s) => s.at >= firstSubmit);
    const format = (t: Record<string, string>) =>
      Object.entries(t)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    ctx.say(`  health pieces idle (p50/p99/max ms): ${format(timingSummary(idleSamples))}`);
    ctx.say(`  health pieces busy (p50/p99/max ms): ${format(timingSummary(busySamples))}`);
    for (const s of [...health].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
      ctx.say(
        `  slow health ${Math.round(s.ms)} ms at +${((s.at - firstSubmit) / 1000).toFixed(1)} s: ${s.timing ?? '-'}`,
      );
    }
    const healthSummary = summarize('chaos', 'hostile agents: /api/v1/health', healthMs);
    const healthFailures = health.filter((s) => s.status !== 200).length;
    const peakKiB = Math.max(idleKiB, ...rss);
    const growthMiB = Math.round((peakKiB - idleKiB) / 1024);
    const invariants = await checkInvariants(db);
    const misclassified = rows.filter((r) => !r.ok).length;

    const header = ['agent', 'expected', 'got', 'ended ms', 'request ms', 'sent', 'ok', 'error'];
    const cells = rows.map((r) => [
      r.agent,
      r.expected,
      r.got,
      String(r.endedMs ?? '-'),
      String(r.requestMs ?? '-'),
      r.bytesSent >= 1024 * 1024 ? `${Math.round(r.bytesSent / 1048576)} MiB` : `${r.bytesSent} B`,
      r.ok ? 'yes' : 'NO',
      r.error,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    for (const row of [header, widths.map((w) => '-'.repeat(w)), ...cells]) {
      ctx.say(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`);
    }

    const ok =
      open === 0 &&
      misclassified === 0 &&
      healthFailures === 0 &&
      healthSummary.p99 < HEALTH_P99_GOAL_MS &&
      growthMiB < RSS_GROWTH_LIMIT_MIB &&
      violations(invariants) === 0;
    return {
      scenario: 'hostile agents',
      ok,
      durationMs: Date.now() - started,
      invariants,
      figures: {
        agents: rows.length,
        misclassified,
        lateOrOpen: rows.filter(
          (r) => r.endedMs === null || r.endedMs > HOSTILE_TIMEOUT_MS + END_SLACK_MS,
        ).length,
        timeoutMs: HOSTILE_TIMEOUT_MS,
        slowestEndMs: Math.max(...rows.map((r) => r.endedMs ?? Number.POSITIVE_INFINITY)),
        healthSamples: health.length,
        healthNot200: healthFailures,
        healthP50Ms: Math.round(healthSummary.p50),
        healthP99Ms: Math.round(healthSummary.p99),
        healthMaxMs: Math.round(healthSummary.max),
        healthIdleP99Ms: Math.round(idleHealth.p99),
        healthBusyP99Ms: Math.round(busyHealth.p99),
        // Context for the health figures: the machine may be shared (2 cores here).
        loadAverage1m: os.loadavg()[0]!.toFixed(1),
        rssIdleMiB: Math.round(idleKiB / 1024),
        rssPeakMiB: Math.round(peakKiB / 1024),
        rssGrowthMiB: growthMiB,
      },
      measurements: [
        healthSummary,
        idleHealth,
        busyHealth,
        summarize(
          'chaos',
          'hostile agents: attempt end',
          rows.flatMap((r) => (r.endedMs === null ? [] : [r.endedMs])),
        ),
      ],
      agents: rows,
    };
  } finally {
    for (const stop of stops) await stop();
    await stopGracefully(web);
    await Promise.all(agents.map(({ agent }) => agent.stop()));
    await db.$disconnect();
  }
}
