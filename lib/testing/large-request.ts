/**
 * A request with hundreds or thousands of tasks, written straight into the database: workflows are
 * capped at MAX_WORKFLOW_TASKS (200), yet the request page must still open requests far larger
 * (issue 10: 500 nodes render and pan smoothly, 5,000 tasks still open). The rows and the event log
 * are what the executor writes for such a run (task.ready → attempt.started → attempt.succeeded →
 * task.succeeded per task), with consistent times, so the graph, the tables, replay and the traces
 * read them like any other request. Used by the e2e scale spec and `npm run bench -- graph`.
 */
import { randomBytes } from 'node:crypto';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import type { PrismaClient } from '@/lib/db/prisma';
import { appendEvents } from '@/lib/server/execution/events';

export interface LargeRequestOptions {
  /** Single-agent tasks, laid out in levels of `width`. */
  tasks: number;
  /** Tasks per level (default 20); each task past the first level waits for one or two above. */
  width?: number;
  /** The agent that ran the tasks. */
  agent: { id: string; name: string };
  /**
   * The last this-many tasks are still running (attempt 1 open) and the request with them; the
   * request is `succeeded` when 0 (default).
   */
  running?: number;
  /** Adds a fan-out task `fan` with one branch (attempt) per agent given. */
  fanOutAgents?: readonly { id: string; name: string }[];
  /** Request input (shown as its title). */
  input?: string;
}

export interface LargeRequest {
  id: string;
  /** Task ids in plan order. */
  taskIds: string[];
  refs: string[];
  /** Ids of the tasks left running, in plan order. */
  runningTaskIds: string[];
}

let lastMs = 0;
let sequence = 0;
/**
 * A time-ordered UUID (v7, RFC 9562) like the ones PostgreSQL gives the executor's rows: tasks are
 * listed by id, so ids must follow plan order. A 12-bit counter keeps ids made in one millisecond
 * in order (past 4,096 it borrows the next millisecond).
 */
function uuidV7(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const TASK_MS = 80;
const LEVEL_MS = 100;
const CHUNK = 5_000;

export async function seedLargeRequest(
  db: PrismaClient,
  options: LargeRequestOptions,
): Promise<LargeRequest> {
  const width = options.width ?? 20;
  const runningCount = options.running ?? 0;
  const levels = Math.ceil(options.tasks / width);
  const id = uuidV7();
  const started = Date.now() - (levels + 2) * LEVEL_MS - 1_000;
  const tasks: Prisma.TaskCreateManyInput[] = [];
  const deps: Prisma.TaskDependencyCreateManyInput[] = [];
  const attempts: Prisma.TaskAttemptCreateManyInput[] = [];
  const events: Prisma.EventCreateManyInput[] = [];
  const runningTaskIds: string[] = [];
  const at = (ms: number) => new Date(started + ms);
  const event = (ms: number, type: string, taskId: string | null, payload: object) =>
    events.push({ requestId: id, taskId, type, payload, createdAt: at(ms) });

  event(0, 'request.submitted', null, {});
  event(1, 'request.planned', null, { tasks: options.tasks });
  event(2, 'request.started', null, {});

  const ids: string[] = [];
  const refs: string[] = [];
  const isRunning = (index: number) => index >= options.tasks - runningCount;
  for (let index = 0; index < options.tasks; index++) {
    const level = Math.floor(index / width);
    const column = index % width;
    const taskId = uuidV7();
    const ref = `t${String(index + 1).padStart(4, '0')}`;
    ids.push(taskId);
    refs.push(ref);
    const parents =
      level === 0
        ? []
        : [
            ids[(level - 1) * width + column]!,
            ...(column > 0 ? [ids[(level - 1) * width + column - 1]!] : []),
          ];
    for (const parent of parents) deps.push({ taskId, dependsOnId: parent });
    const start = 10 + level * LEVEL_MS;
    const running = isRunning(index);
    if (running) runningTaskIds.push(taskId);
    tasks.push({
      id: taskId,
      requestId: id,
      ref,
      description: `Step ${index + 1} of ${options.tasks}`,
      capability: 'bench_step',
      input: { text: `step ${index + 1}` },
      status: running ? 'running' : 'succeeded',
      assignedAgentId: options.agent.id,
      routing: { chosen: { name: options.agent.name }, candidates: [], excluded: [] },
      maxAttempts: 3,
      attemptCount: 1,
      pendingDeps: 0,
      output: running ? undefined : `result ${index + 1}`,
      startedAt: at(start),
      finishedAt: running ? null : at(start + TASK_MS),
      createdAt: at(1),
    });
    attempts.push({
      taskId,
      agentId: options.agent.id,
      number: 1,
      status: running ? 'running' : 'succeeded',
      startedAt: at(start),
      finishedAt: running ? null : at(start + TASK_MS),
      latencyMs: running ? null : TASK_MS,
      tokensIn: 12,
      tokensOut: 4,
      output: running ? undefined : `result ${index + 1}`,
      idempotencyKey: `${taskId}:1`,
    });
    event(start - 5, 'task.ready', taskId, { ref });
    event(start, 'attempt.started', taskId, { ref, attempt: 1, agent: options.agent.name });
    if (!running) {
      event(start + TASK_MS, 'attempt.succeeded', taskId, {
        ref,
        attempt: 1,
        agent: options.agent.name,
        latencyMs: TASK_MS,
        cost: '0',
      });
      event(start + TASK_MS, 'task.succeeded', taskId, { ref });
    }
  }

  if (options.fanOutAgents && options.fanOutAgents.length > 0) {
    const taskId = uuidV7();
    const start = 10 + levels * LEVEL_MS;
    ids.push(taskId);
    refs.push('fan');
    tasks.push({
      id: taskId,
      requestId: id,
      ref: 'fan',
      description: `Ask all ${options.fanOutAgents.length} agents`,
      capability: 'bench_step',
      mode: 'fan_out',
      status: 'succeeded',
      maxAttempts: 1,
      attemptCount: options.fanOutAgents.length,
      output: { mode: 'fan_out', results: [] },
      startedAt: at(start),
      finishedAt: at(start + TASK_MS),
      createdAt: at(1),
    });
    if (options.tasks > 0) deps.push({ taskId, dependsOnId: ids[options.tasks - 1]! });
    event(start - 5, 'task.ready', taskId, { ref: 'fan' });
    options.fanOutAgents.forEach((agent, i) => {
      attempts.push({
        taskId,
        agentId: agent.id,
        number: i + 1,
        status: 'succeeded',
        startedAt: at(start),
        finishedAt: at(start + TASK_MS),
        latencyMs: TASK_MS,
        output: `answer of ${agent.name}`,
        idempotencyKey: `${taskId}:${i + 1}`,
      });
      event(start, 'attempt.started', taskId, { ref: 'fan', attempt: i + 1, agent: agent.name });
    });
    options.fanOutAgents.forEach((agent, i) =>
      event(start + TASK_MS, 'attempt.succeeded', taskId, {
        ref: 'fan',
        attempt: i + 1,
        agent: agent.name,
        latencyMs: TASK_MS,
        cost: '0',
      }),
    );
    event(start + TASK_MS, 'task.succeeded', taskId, { ref: 'fan' });
  }

  const finished = runningCount === 0;
  const end = 10 + (levels + 1) * LEVEL_MS;
  if (finished) event(end, 'request.succeeded', null, { synthesizedBy: 'concatenation' });
  await db.request.create({
    data: {
      id,
      input: options.input ?? `A large request of ${options.tasks} tasks`,
      submittedBy: 'system',
      status: finished ? 'succeeded' : 'running',
      result: finished
        ? { text: `${options.tasks} steps done`, outputs: {}, synthesizedBy: 'concatenation' }
        : undefined,
      attemptCount: attempts.length,
      createdAt: at(0),
      startedAt: at(2),
      finishedAt: finished ? at(end) : null,
    },
  });
  for (let i = 0; i < tasks.length; i += CHUNK) {
    await db.task.createMany({ data: tasks.slice(i, i + CHUNK) });
  }
  for (let i = 0; i < deps.length; i += CHUNK) {
    await db.taskDependency.createMany({ data: deps.slice(i, i + CHUNK) });
  }
  for (let i = 0; i < attempts.length; i += CHUNK) {
    await db.taskAttempt.createMany({ data: attempts.slice(i, i + CHUNK) });
  }
  // The log is written in order, so ids follow the times (the executor's order).
  events.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
  for (let i = 0; i < events.length; i += CHUNK) {
    await db.event.createMany({ data: events.slice(i, i + CHUNK) });
  }
  return { id, taskIds: ids, refs, runningTaskIds };
}

/**
 * Finishes one of the running tasks the way the executor does: the attempt and the task rows and
 * their events in one transaction, announced on `baton_events` when it commits. Resolves when the
 * transaction has committed.
 */
export async function finishRunningTask(
  db: PrismaClient,
  request: { id: string },
  taskId: string,
  agent: { name: string },
): Promise<void> {
  const now = new Date();
  await db.$transaction(async (tx) => {
    const task = await tx.task.update({
      where: { id: taskId },
      data: { status: 'succeeded', output: 'finished', finishedAt: now },
      select: { ref: true, startedAt: true },
    });
    const latencyMs = now.getTime() - (task.startedAt?.getTime() ?? now.getTime());
    await tx.taskAttempt.update({
      where: { taskId_number: { taskId, number: 1 } },
      data: { status: 'succeeded', finishedAt: now, latencyMs, output: 'finished' },
    });
    await appendEvents(tx, [
      {
        requestId: request.id,
        taskId,
        type: 'attempt.succeeded',
        payload: { ref: task.ref, attempt: 1, agent: agent.name, latencyMs, cost: '0' },
      },
      { requestId: request.id, taskId, type: 'task.succeeded', payload: { ref: task.ref } },
    ]);
  });
}
