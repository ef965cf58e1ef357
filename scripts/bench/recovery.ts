/**
 * Recovery benchmark: how long a dead worker's work waits before another worker re-sends it.
 *
 * Two worker processes (`scripts/worker.ts`, default liveness settings) run against a slow webhook
 * agent. Each round submits a few tasks, waits until calls are in flight, finds the worker process
 * that holds one (attempt → worker id → heartbeat row → pid), kills it with SIGKILL, and measures
 * the time until the agent receives that call again. A replacement worker is started after every
 * kill, so two workers are live at the start of each round. Also counted: calls after a kill that
 * carried a new idempotency key for work already sent (the webhook contract promises none).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createPrismaClient } from '@/lib/db/prisma';
import { submitRequest } from '@/lib/server/execution/submit';
import { registerAgent, startWebhookAgent, waitFor } from '@/lib/testing/execution';
import { PROJECT_ROOT } from '../lib/database';
import { summarize, type Measurement } from './stats';

export interface RecoveryOptions {
  connectionString: string;
  rounds?: number;
  progress?: (line: string) => void;
}

export interface RecoveryReport {
  results: Measurement[];
  duplicatesWithNewKey: number;
  config: Record<string, unknown>;
}

const CALL_MS = 4_000;

export async function benchRecovery(options: RecoveryOptions): Promise<RecoveryReport> {
  const rounds = options.rounds ?? 10;
  const db = createPrismaClient({ connectionString: options.connectionString, max: 4 });
  const agent = await startWebhookAgent((call) => ({
    body: { output: `done: ${call.input.text}` },
    delayMs: CALL_MS,
  }));
  const workers = new Set<ChildProcess>();
  const startWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: options.connectionString,
        BATON_SECRET_KEY: 'bench-recovery-secret-key-0123456789abcdef-0123',
        BATON_WORKER_CONCURRENCY: '4',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    workers.add(child);
    child.once('exit', () => workers.delete(child));
    return child;
  };
  const redispatch: number[] = [];
  let duplicatesWithNewKey = 0;
  try {
    await registerAgent(db, {
      endpointUrl: agent.url,
      capabilities: ['crunch'],
      maxConcurrentTasks: 32,
    });
    startWorker();
    startWorker();
    // Both workers heartbeat before the first round (a fresh worker's pool id appears on start).
    await waitFor(
      async () => (await db.workerHeartbeat.count()) >= 2,
      120_000,
      'two worker heartbeats',
    );
    for (let round = 0; round < rounds; round++) {
      const { id } = await submitRequest(
        db,
        {
          workflow: {
            tasks: Array.from({ length: 4 }, (_, i) => ({
              ref: `t${i}`,
              capability: 'crunch',
              input: `round ${round} task ${i}`,
            })),
          },
        },
        { userId: null, label: 'bench-recovery' },
      );
      const open = await waitFor(
        async () => {
          const attempt = await db.taskAttempt.findFirst({
            where: { task: { requestId: id }, status: 'running', workerId: { not: null } },
            select: { idempotencyKey: true, workerId: true },
          });
          if (!attempt) return undefined;
          const sent = agent.calls.some(
            (c) => c.idempotencyKey === attempt.idempotencyKey && !c.answeredAt,
          );
          return sent ? attempt : undefined;
        },
        60_000,
        'a call in flight',
      );
      const heartbeat = await db.workerHeartbeat.findUniqueOrThrow({
        where: { id: open.workerId! },
        select: { pid: true },
      });
      const callsBefore = agent.calls.length;
      const keysSent = new Set(agent.calls.map((c) => c.idempotencyKey));
      const tasksSent = new Set(agent.calls.map((c) => c.taskId));
      const victim = [...workers].find((w) => w.pid === heartbeat.pid);
      if (!victim) throw new Error(`No bench worker has pid ${heartbeat.pid}`);
      const exited = new Promise((resolve) => victim.once('exit', resolve));
      const killedAt = Date.now();
      victim.kill('SIGKILL');
      await exited;
      startWorker();
      await waitFor(
        async () =>
          agent.calls
            .slice(callsBefore)
            .some((c) => c.idempotencyKey === open.idempotencyKey && c.receivedAt >= killedAt),
        120_000,
        'the killed call to be sent again',
      );
      const resent = agent.calls
        .slice(callsBefore)
        .find((c) => c.idempotencyKey === open.idempotencyKey)!;
      redispatch.push(resent.receivedAt - killedAt);
      await waitFor(
        async () => {
          const request = await db.request.findUniqueOrThrow({
            where: { id },
            select: { status: true },
          });
          return ['succeeded', 'failed', 'cancelled'].includes(request.status);
        },
        120_000,
        'the round’s request to finish',
      );
      duplicatesWithNewKey += agent.calls
        .slice(callsBefore)
        .filter((c) => tasksSent.has(c.taskId) && !keysSent.has(c.idempotencyKey)).length;
      options.progress?.(
        `round ${round + 1}/${rounds}: re-sent after ${redispatch.at(-1)} ms (same key)`,
      );
    }
  } finally {
    const exits = [...workers].map((w) => new Promise((resolve) => w.once('exit', resolve)));
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(exits);
    await agent.stop();
    await db.$disconnect();
  }
  return {
    results: [
      summarize(
        'recovery',
        'kill -9 → same call re-sent',
        redispatch,
        `2 workers, default liveness; ${duplicatesWithNewKey} re-sends with a new key`,
      ),
    ],
    duplicatesWithNewKey,
    config: { rounds, callMs: CALL_MS, workers: 2, concurrency: 4 },
  };
}
