/**
 * Cancellation by NOTIFY: the worker's fallback poll is set to ten minutes here, so a call that is
 * aborted at all was aborted by the `baton_cancel` notification the cancelled task's trigger sent.
 * Also: the listening connection comes back after PostgreSQL drops it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/db';
import {
  registerAgent,
  startWebhookAgent,
  waitFor,
  waitForRequest,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { CANCEL_CHANNEL, startNotificationHub } from '../notifications';
import { cancelRequest, taskAction } from './control';
import { submitRequest } from './submit';
import { startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
let worker: WorkerHandle;
let hanging: TestWebhookAgent;
const FALLBACK_POLL_MS = 600_000;

beforeAll(async () => {
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 4,
    pollIntervalMs: 100,
    deps: { cancelPollMs: FALLBACK_POLL_MS },
  });
  hanging = await startWebhookAgent(() => ({ hang: true }));
  await registerAgent(db, {
    endpointUrl: hanging.url,
    capabilities: ['forever'],
    maxConcurrentTasks: 8,
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await hanging?.stop();
  await db.$disconnect();
});

async function startHangingCall(input: string) {
  const { id } = await submitRequest(
    db,
    { workflow: { tasks: [{ ref: 'long', capability: 'forever', input, timeoutMs: 120_000 }] } },
    { userId: null, label: 'test' },
  );
  const call = await waitFor(
    async () => hanging.calls.find((c) => c.input.text === input),
    15_000,
    'the call to start',
  );
  return { id, call };
}

it('a request cancel aborts the running call through NOTIFY, long before any poll', async () => {
  const { id, call } = await startHangingCall('cancel the request');
  await cancelRequest(db, id, 'user:test');
  // Within 10 s while the fallback poll is 10 min: only the NOTIFY can have aborted it.
  await waitFor(async () => call.aborted, 10_000, 'the agent to see the call aborted');
  expect((await waitForRequest(db, id)).status).toBe('cancelled');
  const attempt = await waitFor(async () => {
    const row = await db.taskAttempt.findFirst({ where: { task: { requestId: id } } });
    return row?.status === 'cancelled' ? row : undefined;
  });
  expect(attempt.errorKind).toBe('cancelled');
});

it('an operator cancelling one task aborts its call through NOTIFY', async () => {
  const { id, call } = await startHangingCall('cancel the task');
  const task = await db.task.findFirstOrThrow({ where: { requestId: id } });
  await taskAction(db, id, task.id, 'cancel', 'user:operator');
  await waitFor(async () => call.aborted, 10_000, 'the agent to see the call aborted');
  const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
  expect(after.status).toBe('cancelled');
});

it('the listening connection comes back after PostgreSQL drops it', async () => {
  const hub = startNotificationHub(process.env.DATABASE_URL!, [CANCEL_CHANNEL]);
  try {
    await waitFor(async () => hub.isConnected(), 10_000, 'the hub to connect');
    const heard = (key: string) => hub.wait(CANCEL_CHANNEL, key, 10_000);
    const first = heard('before');
    await db.$executeRaw`SELECT pg_notify(${CANCEL_CHANNEL}, 'before')`;
    expect(await first).toBe(true);

    await db.$executeRaw`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'baton-listen' AND pid <> pg_backend_pid()`;
    await waitFor(async () => !hub.isConnected(), 10_000, 'the hub to notice');
    await waitFor(async () => hub.isConnected(), 15_000, 'the hub to reconnect');
    const second = heard('after');
    await db.$executeRaw`SELECT pg_notify(${CANCEL_CHANNEL}, 'after')`;
    expect(await second).toBe(true);
    // A key nobody sent stays quiet until the timeout.
    expect(await hub.wait(CANCEL_CHANNEL, 'never', 200)).toBe(false);
  } finally {
    await hub.stop();
  }
});
