/**
 * The executor end to end: real PostgreSQL, the real queue (graphile-worker), a real worker, and
 * agents over real HTTP on loopback (Baton's builtins run in-process, as in production).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeAgentStatus } from '@/lib/db/repositories/agent-mutations';
import { seedDemoData } from '@/lib/db/seed';
import { skill, startTestA2AAgent, type TestA2AAgent } from '@/lib/testing/a2a-agent';
import { createTestDb } from '@/lib/testing/db';
import {
  registerAgent,
  startWebhookAgent,
  waitFor,
  waitForRequest,
  type TestWebhookAgent,
} from '@/lib/testing/execution';
import { AppError } from '@/lib/errors';
import { cancelRequest, decideApproval } from './control';
import { enqueueJob, JOBS } from './queue';
import { DEFAULT_STRATEGY_SETTING_KEY, submitRequest, type Submitter } from './submit';
import { startWorker, type WorkerHandle } from './worker';

const db = createTestDb();
const submitter: Submitter = { userId: null, label: 'test' };
let worker: WorkerHandle;
const agents: TestWebhookAgent[] = [];
const a2aAgents: TestA2AAgent[] = [];

beforeAll(async () => {
  await seedDemoData(db, { force: true });
  worker = await startWorker({
    db,
    connectionString: process.env.DATABASE_URL!,
    concurrency: 6,
    pollIntervalMs: 100,
    // No jitter, so the backoff between attempts is measurable: 200 ms, then 400 ms.
    deps: {
      retryPolicy: {
        maxAttempts: 3,
        baseDelayMs: 200,
        factor: 2,
        maxDelayMs: 5_000,
        jitter: 'none',
      },
    },
  });
});

afterAll(async () => {
  await worker?.stop(1_000);
  await Promise.all([...agents, ...a2aAgents].map((agent) => agent.stop()));
  await db.$disconnect();
});

async function webhook(...args: Parameters<typeof startWebhookAgent>) {
  const agent = await startWebhookAgent(...args);
  agents.push(agent);
  return agent;
}

const tasksOf = (requestId: string) =>
  db.task.findMany({
    where: { requestId },
    orderBy: { id: 'asc' },
    include: { attempts: { orderBy: { number: 'asc' } }, dependsOn: true },
  });

describe('the issue examples on the builtin agents', () => {
  it('runs "Calculate 15 * 7 and count the words in \'Hello world\'" as two tasks giving 105 and 2', async () => {
    const { id } = await submitRequest(
      db,
      { input: "Calculate 15 * 7 and count the words in 'Hello world'" },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const tasks = await tasksOf(id);
    expect(tasks.map((t) => [t.capability, t.dependsOn.length, t.status])).toEqual([
      ['calculate', 0, 'succeeded'],
      ['count_words', 0, 'succeeded'],
    ]);
    expect(JSON.stringify(tasks[0]!.output)).toContain('105');
    expect(JSON.stringify(tasks[1]!.output)).toMatch(/\b2\b/);
    const result = request.result as { text: string; outputs: Record<string, unknown> };
    // Both parallel branches are results: the answer leads with both.
    expect(result.text.split('\n')[0]).toBe('calculate: 105 · count_words: {"words":2}');
    expect(Object.keys(result.outputs)).toHaveLength(2);
  });

  it('runs "Calculate 25 * 4 and format the result as JSON" in sequence, passing 100 along', async () => {
    const { id } = await submitRequest(
      db,
      { input: 'Calculate 25 * 4 and format the result as JSON' },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [calc, format] = await tasksOf(id);
    expect(calc!.capability).toBe('calculate');
    expect(format!.capability).toBe('format_json');
    expect(format!.dependsOn.map((d) => d.dependsOnId)).toEqual([calc!.id]);
    expect(format!.startedAt!.getTime()).toBeGreaterThanOrEqual(calc!.finishedAt!.getTime());
    expect(JSON.stringify(format!.output)).toContain('100');
  });
});

describe('parallelism, retries and timeouts over real HTTP', () => {
  it('runs independent tasks at the same time', async () => {
    const slow = await webhook((call) => ({
      body: { output: `done ${call.input.text}` },
      delayMs: 400,
    }));
    await registerAgent(db, {
      endpointUrl: slow.url,
      capabilities: ['slow_echo'],
    });
    const { id } = await submitRequest(
      db,
      {
        workflow: {
          tasks: [
            { ref: 'a', capability: 'slow_echo', input: 'one' },
            { ref: 'b', capability: 'slow_echo', input: 'two' },
          ],
        },
      },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [a, b] = (await tasksOf(id)).map((t) => t.attempts[0]!);
    // Both calls were in flight together: each started before the other finished.
    expect(a!.startedAt.getTime()).toBeLessThan(b!.finishedAt!.getTime());
    expect(b!.startedAt.getTime()).toBeLessThan(a!.finishedAt!.getTime());
    expect(slow.calls.map((c) => c.input.text).sort()).toEqual(['one', 'two']);
  });

  it('retries an agent that fails twice and succeeds on attempt 3 after backing off', async () => {
    const flaky = await webhook((_call, index) =>
      index < 2 ? { status: 503, body: { error: 'warming up' } } : { body: { output: 'finally' } },
    );
    await registerAgent(db, { endpointUrl: flaky.url, capabilities: ['flaky_echo'] });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'only', capability: 'flaky_echo', input: 'hi' }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [task] = await tasksOf(id);
    expect(task!.output).toBe('finally');
    expect(task!.attempts.map((a) => [a.number, a.status, a.errorKind])).toEqual([
      [1, 'failed', 'server'],
      [2, 'failed', 'server'],
      [3, 'succeeded', null],
    ]);
    // Backoff without jitter: at least 200 ms, then 400 ms between the calls the agent saw.
    const [c1, c2, c3] = flaky.calls;
    expect(c2!.receivedAt - c1!.receivedAt).toBeGreaterThanOrEqual(200);
    expect(c3!.receivedAt - c2!.receivedAt).toBeGreaterThanOrEqual(400);
    expect(flaky.calls.map((c) => c.idempotencyKey)).toEqual(
      [1, 2, 3].map((n) => `${task!.id}:${n}`),
    );
  });

  it('aborts a hanging agent at the task timeout', async () => {
    const hanging = await webhook(() => ({ hang: true }));
    await registerAgent(db, { endpointUrl: hanging.url, capabilities: ['hang'] });
    const { id } = await submitRequest(
      db,
      {
        workflow: { tasks: [{ ref: 'stuck', capability: 'hang', timeoutMs: 500, maxAttempts: 1 }] },
      },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    const [task] = await tasksOf(id);
    expect(task!.status).toBe('failed');
    const [attempt] = task!.attempts;
    expect(attempt!.errorKind).toBe('timeout');
    expect(attempt!.latencyMs).toBeGreaterThanOrEqual(450);
    expect(attempt!.latencyMs).toBeLessThan(5_000);
    await waitFor(
      async () => hanging.calls[0]?.aborted,
      5_000,
      'the agent to see the call aborted',
    );
  });

  it('sends nothing to an agent in MAINTENANCE', async () => {
    const active = await webhook(() => ({ body: { output: 'active' } }));
    const resting = await webhook(() => ({ body: { output: 'resting' } }));
    await registerAgent(db, { endpointUrl: active.url, capabilities: ['mx_echo'] });
    const down = await registerAgent(db, { endpointUrl: resting.url, capabilities: ['mx_echo'] });
    await changeAgentStatus(
      db,
      down.id,
      { to: 'MAINTENANCE', reason: 'test' },
      {
        actor: 'system',
        userId: null,
      },
    );
    const ids = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        submitRequest(
          db,
          {
            strategy: 'round_robin',
            workflow: { tasks: [{ ref: 't', capability: 'mx_echo', input: `n${i}` }] },
          },
          submitter,
        ),
      ),
    );
    for (const { id } of ids) expect((await waitForRequest(db, id)).status).toBe('succeeded');
    expect(active.calls).toHaveLength(4);
    expect(resting.calls).toHaveLength(0);
    const [task] = await tasksOf(ids[0]!.id);
    const routing = task!.routing as { excluded: { name: string; reason: string }[] };
    expect(routing.excluded).toContainEqual(
      expect.objectContaining({ name: down.name, reason: 'status' }),
    );
  });
});

describe('fan-out and consensus', () => {
  it('fan-out collects the answer of every capable agent', async () => {
    const names: string[] = [];
    for (const answer of ['red', 'green', 'blue']) {
      const agent = await webhook(() => ({ body: { output: answer } }));
      names.push(
        (await registerAgent(db, { endpointUrl: agent.url, capabilities: ['colour'] })).name,
      );
    }
    const { id } = await submitRequest(
      db,
      {
        workflow: { tasks: [{ ref: 'all', capability: 'colour', mode: 'fan_out', input: 'pick' }] },
      },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [task] = await tasksOf(id);
    const output = task!.output as { results: { agent: string; output: unknown }[] };
    expect(output.results.map((r) => r.output).sort()).toEqual(['blue', 'green', 'red']);
    expect(output.results.map((r) => r.agent).sort()).toEqual([...names].sort());
    expect(task!.attempts).toHaveLength(3);
  });

  it('consensus takes the majority answer and shows every vote', async () => {
    for (const answer of ['42', '42', '41']) {
      const agent = await webhook(() => ({ body: { output: answer } }));
      await registerAgent(db, { endpointUrl: agent.url, capabilities: ['oracle'] });
    }
    const { id } = await submitRequest(
      db,
      {
        workflow: {
          tasks: [
            { ref: 'vote', capability: 'oracle', mode: 'consensus', agents: 3, input: 'answer?' },
          ],
        },
      },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status, request.error ?? '').toBe('succeeded');
    const [task] = await tasksOf(id);
    const output = task!.output as {
      answer: string;
      votes: { answer: string }[];
      agreement: string;
    };
    expect(output.answer).toBe('42');
    expect(output.agreement).toBe('2/3');
    expect(output.votes.map((v) => v.answer).sort()).toEqual(['41', '42', '42']);
  });
});

describe('operator control', () => {
  it('waits for approval with routed agents and estimates, then runs when approved', async () => {
    const { id } = await submitRequest(
      db,
      { input: 'Calculate 6 * 7', requiresApproval: true },
      submitter,
    );
    await waitForRequest(db, id, ['awaiting_approval']);
    const [task] = await tasksOf(id);
    expect(task!.status).toBe('pending');
    expect(task!.assignedAgentId).not.toBeNull();
    expect(task!.attempts).toHaveLength(0);
    await decideApproval(db, id, 'approve', 'user:test');
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('succeeded');
    expect(JSON.stringify((await tasksOf(id))[0]!.output)).toContain('42');
  });

  it('a rejected plan never runs', async () => {
    const { id } = await submitRequest(
      db,
      { input: 'Calculate 1 + 1', requiresApproval: true },
      submitter,
    );
    await waitForRequest(db, id, ['awaiting_approval']);
    await decideApproval(db, id, 'reject', 'user:test', 'not today');
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('cancelled');
    expect(request.error).toContain('not today');
    expect(
      (await tasksOf(id)).every((t) => t.status === 'cancelled' && t.attempts.length === 0),
    ).toBe(true);
  });

  it('cancelling a running request aborts the call in flight', async () => {
    const hanging = await webhook(() => ({ hang: true }));
    await registerAgent(db, { endpointUrl: hanging.url, capabilities: ['forever'] });
    const { id } = await submitRequest(
      db,
      {
        workflow: {
          tasks: [
            { ref: 'long', capability: 'forever', timeoutMs: 60_000 },
            { ref: 'after', capability: 'forever', dependsOn: ['long'] },
          ],
        },
      },
      submitter,
    );
    await waitFor(async () => hanging.calls.length > 0, 10_000, 'the call to start');
    const operator = await db.user.create({
      data: { email: `ops-${Date.now()}@example.com`, name: 'Ops', role: 'operator' },
    });
    await cancelRequest(db, id, `user:${operator.id}`, 'wrong input');
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('cancelled');
    // The operator reads who cancelled it, not an id.
    expect(request.error).toBe(`cancelled by ${operator.email}: wrong input`);
    await waitFor(
      async () => hanging.calls[0]?.aborted,
      5_000,
      'the agent to see the call aborted',
    );
    const tasks = await waitFor(async () => {
      const rows = await tasksOf(id);
      return rows[0]!.attempts[0]!.status === 'cancelled' ? rows : undefined;
    });
    expect(tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(hanging.calls).toHaveLength(1);
  });

  it('cancelling reaches a real A2A agent as CancelTask, and the outcome is recorded', async () => {
    const remote = await startTestA2AAgent({ behaviour: 'hang', skills: [skill('ponder')] });
    a2aAgents.push(remote);
    await registerAgent(db, { kind: 'a2a', endpointUrl: remote.url, capabilities: ['ponder'] });
    const { id } = await submitRequest(
      db,
      { workflow: { tasks: [{ ref: 'think', capability: 'ponder', input: 'deep thought' }] } },
      submitter,
    );
    const attempt = await waitFor(
      async () =>
        (await db.taskAttempt.findFirst({ where: { task: { requestId: id } } }))?.remoteTaskId
          ? db.taskAttempt.findFirst({ where: { task: { requestId: id } } })
          : undefined,
      15_000,
      'the remote task to start',
    );
    await cancelRequest(db, id, 'user:test');
    expect((await waitForRequest(db, id)).status).toBe('cancelled');
    const settled = await waitFor(async () => {
      const row = await db.taskAttempt.findUniqueOrThrow({ where: { id: attempt!.id } });
      return row.status === 'cancelled' ? row : undefined;
    });
    expect(remote.cancelled).toContain(attempt!.remoteTaskId);
    expect(settled.remoteCancel).toMatchObject({ remoteTaskId: attempt!.remoteTaskId, ok: true });
    const event = await db.event.findFirst({
      where: { requestId: id, type: 'attempt.remote_cancel' },
    });
    expect(event?.payload).toMatchObject({ ok: true, remoteTaskId: attempt!.remoteTaskId });
  });

  it('gives a request without a strategy the instance default', async () => {
    await db.setting.upsert({
      where: { key: DEFAULT_STRATEGY_SETTING_KEY },
      create: { key: DEFAULT_STRATEGY_SETTING_KEY, value: { strategy: 'least_loaded' } },
      update: { value: { strategy: 'least_loaded' } },
    });
    try {
      const { id } = await submitRequest(db, { input: 'Calculate 3 * 3' }, submitter);
      const pinned = await submitRequest(
        db,
        { input: 'Calculate 3 * 3', strategy: 'random' },
        submitter,
      );
      expect((await waitForRequest(db, id)).strategy).toBe('least_loaded');
      expect((await waitForRequest(db, pinned.id)).strategy).toBe('random');
      const [task] = await tasksOf(id);
      expect((task!.routing as { strategy: string }).strategy).toBe('least_loaded');
    } finally {
      await db.setting.delete({ where: { key: DEFAULT_STRATEGY_SETTING_KEY } });
    }
  });

  it('returns the same request for a repeated Idempotency-Key', async () => {
    const first = await submitRequest(db, { input: 'Calculate 2 + 2' }, submitter, {
      idempotencyKey: 'k-1',
    });
    const again = await submitRequest(db, { input: 'Calculate 2 + 2' }, submitter, {
      idempotencyKey: 'k-1',
    });
    const other = await submitRequest(
      db,
      { input: 'Calculate 2 + 2' },
      { userId: null, label: 'someone-else' },
      { idempotencyKey: 'k-1' },
    );
    expect(again).toMatchObject({ id: first.id, created: false });
    expect(first.created).toBe(true);
    expect(other.id).not.toBe(first.id);
    await waitForRequest(db, first.id);
    await waitForRequest(db, other.id);
  });
});

describe('protection', () => {
  it('stops a request that calls one agent with the same input too often', async () => {
    const echo = await webhook(() => ({ body: { output: 'same' } }));
    await registerAgent(db, { endpointUrl: echo.url, capabilities: ['repeat'] });
    const { id } = await submitRequest(
      db,
      {
        workflow: {
          // Eight at once: their claims run concurrently, and still only three calls go out.
          tasks: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((ref) => ({
            ref,
            capability: 'repeat',
            input: 'again',
          })),
        },
      },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    expect(request.error).toMatch(
      /loop protection: agent '.+' was called 3 times with the same input/,
    );
    expect(echo.calls).toHaveLength(3);
  });

  it(
    'runs a 200-task workflow: the call cap grows with the plan',
    { timeout: 120_000 },
    async () => {
      const tasks = Array.from({ length: 200 }, (_, i) => ({
        ref: `t${i}`,
        capability: 'calculate',
        input: `${i} + 1`,
        ...(i >= 100 && { dependsOn: [`t${i - 100}`] }),
      }));
      const { id } = await submitRequest(db, { workflow: { tasks } }, submitter);
      const request = await waitForRequest(db, id, undefined, 110_000);
      expect(request.status, request.error ?? '').toBe('succeeded');
      expect(request.attemptCount).toBe(200);
      const last = await db.task.findFirstOrThrow({ where: { requestId: id, ref: 't199' } });
      expect(JSON.stringify(last.output)).toContain('200');
    },
  );

  it('refuses a workflow with a cycle at submission, naming the cycle, and writes nothing', async () => {
    const before = await db.request.count();
    const refusal = await submitRequest(
      db,
      {
        workflow: {
          tasks: [
            { ref: 'a', capability: 'calculate', dependsOn: ['b'] },
            { ref: 'b', capability: 'calculate', dependsOn: ['a'] },
          ],
        },
      },
      submitter,
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('VALIDATION_FAILED');
    expect((refusal as AppError).fields?.workflow).toContain('a → b → a');
    expect(await db.request.count()).toBe(before);
  });

  it('fails a stored plan with a cycle as a deadlock naming the cycle, before anything runs', async () => {
    // Preflight refuses such workflows; the plan job must still be safe for rows that got past it.
    const { id } = await db.$transaction(async (tx) => {
      const request = await tx.request.create({
        data: {
          submittedBy: 'test',
          planner: 'workflow',
          workflow: {
            tasks: [
              { ref: 'a', capability: 'calculate', dependsOn: ['b'] },
              { ref: 'b', capability: 'calculate', dependsOn: ['a'] },
            ],
          },
        },
        select: { id: true },
      });
      await enqueueJob(tx, JOBS.plan, { requestId: request.id });
      return request;
    });
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    expect(request.error).toMatch(/cycle|deadlock/i);
    expect(request.error).toContain('a → b → a');
    expect(await db.task.count({ where: { requestId: id } })).toBe(0);
  });

  it('fails a request past its deadline', async () => {
    const hanging = await webhook(() => ({ hang: true }));
    await registerAgent(db, { endpointUrl: hanging.url, capabilities: ['late'] });
    const { id } = await submitRequest(
      db,
      { deadlineSeconds: 1, workflow: { tasks: [{ ref: 'x', capability: 'late' }] } },
      submitter,
    );
    const request = await waitForRequest(db, id);
    expect(request.status).toBe('failed');
    expect(request.error).toContain('deadline');
    expect(request.finishedAt!.getTime() - request.createdAt.getTime()).toBeLessThan(10_000);
  });
});
