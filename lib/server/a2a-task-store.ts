/**
 * The A2A task store of the endpoints Baton serves itself (its orchestrator at /api/a2a and the
 * builtin agents at /api/a2a/builtin/<name>), on PostgreSQL through Prisma: a task created through
 * one Baton process can be read (GetTask, ListTasks) and cancelled (CancelTask) through any other,
 * and after a restart (ADR 0053). It implements the SDK's `TaskStore` and keeps the SDK's scoping:
 * one caller never sees another's tasks.
 *
 * A task that reached a terminal state stays as it is: a later save of the same task (an executor in
 * another process that has not heard of the cancel yet) is ignored, so a cancel cannot be undone.
 *
 * Rows not written for `BATON_A2A_TASK_RETENTION_DAYS` (default 7) are deleted by
 * `startA2ATaskRetention`, which the web server runs (lib/server/background.ts).
 */
import { Task, TaskState, taskStateToJSON, type ListTasksRequest } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import { resolveUserScope, type ServerCallContext, type TaskStore } from '@a2a-js/sdk/server';
import type { ListTasksResponse } from '@a2a-js/sdk';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import type { PrismaClient } from '@/lib/db/prisma';
import { logger } from '@/lib/logger';

/** ListTasks' page size when the caller names none (the SDK's default). */
const DEFAULT_PAGE_SIZE = 50;

/** States after which a task never changes (A2A §TaskState). */
export const TERMINAL_A2A_STATES = [
  TaskState.TASK_STATE_COMPLETED,
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
].map((state) => taskStateToJSON(state));

/** The store's name of an endpoint: `orchestrator`, or `builtin:<name>` for a builtin agent. */
export type A2AEndpoint = 'orchestrator' | `builtin:${string}`;

function statusAt(task: Task): bigint {
  const parsed = task.status?.timestamp ? Date.parse(task.status.timestamp) : NaN;
  return BigInt(Number.isNaN(parsed) ? 0 : parsed);
}

function encodePageToken(at: bigint, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodePageToken(token: string): { at: bigint; id: string } {
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^(\d{1,16})\|(.+)$/s.exec(decoded);
  if (!match) throw new RequestMalformedError('pageToken is not a token ListTasks returned.');
  return { at: BigInt(match[1]!), id: match[2]! };
}

export class PrismaTaskStore implements TaskStore {
  constructor(
    private readonly db: () => PrismaClient,
    private readonly endpoint: A2AEndpoint,
    private readonly owner: (context: ServerCallContext) => string = resolveUserScope,
  ) {}

  private scope(context: ServerCallContext) {
    return { endpoint: this.endpoint, tenant: context.tenant ?? '', owner: this.owner(context) };
  }

  async save(task: Task, context: ServerCallContext): Promise<void> {
    if (!task.id) throw new Error('An A2A task without an id cannot be stored.');
    const { endpoint, tenant, owner } = this.scope(context);
    const state = taskStateToJSON(task.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED);
    const json = JSON.stringify(Task.toJSON(task));
    // One statement, so two processes saving the same task cannot interleave; terminal is final.
    await this.db().$executeRaw`
      INSERT INTO a2a_tasks (endpoint, tenant, owner, id, context_id, state, status_at, task)
      VALUES (${endpoint}, ${tenant}, ${owner}, ${task.id}, ${task.contextId ?? ''}, ${state},
              ${statusAt(task)}, ${json}::jsonb)
      ON CONFLICT (endpoint, tenant, owner, id) DO UPDATE
      SET context_id = EXCLUDED.context_id, state = EXCLUDED.state,
          status_at = EXCLUDED.status_at, task = EXCLUDED.task, updated_at = now()
      WHERE a2a_tasks.state <> ALL (${TERMINAL_A2A_STATES}::text[])`;
  }

  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    const row = await this.db().a2aTask.findUnique({
      where: { endpoint_tenant_owner_id: { ...this.scope(context), id: taskId } },
      select: { task: true },
    });
    return row ? Task.fromJSON(row.task) : undefined;
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
    const where: Prisma.A2aTaskWhereInput = {
      ...this.scope(context),
      ...(params.contextId && { contextId: params.contextId }),
      ...(params.status !== undefined &&
        params.status !== TaskState.TASK_STATE_UNSPECIFIED && {
          state: taskStateToJSON(params.status),
        }),
      ...(params.statusTimestampAfter && {
        statusAt: { gt: BigInt(Date.parse(params.statusTimestampAfter)) },
      }),
    };
    const cursor = params.pageToken ? decodePageToken(params.pageToken) : null;
    const db = this.db();
    const [totalSize, rows] = await Promise.all([
      db.a2aTask.count({ where }),
      db.a2aTask.findMany({
        where: cursor
          ? {
              AND: [
                where,
                {
                  OR: [
                    { statusAt: { lt: cursor.at } },
                    { statusAt: cursor.at, id: { lt: cursor.id } },
                  ],
                },
              ],
            }
          : where,
        orderBy: [{ statusAt: 'desc' }, { id: 'desc' }],
        take: pageSize + 1,
        select: { id: true, statusAt: true, task: true },
      }),
    ]);
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    return {
      tasks: page.map((row) => {
        const task = Task.fromJSON(row.task);
        return params.includeArtifacts ? task : { ...task, artifacts: [] };
      }),
      nextPageToken: rows.length > pageSize && last ? encodePageToken(last.statusAt, last.id) : '',
      pageSize,
      totalSize,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Retention

/** How often the web server deletes A2A tasks past their retention. */
export const A2A_TASK_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes A2A tasks last written before `now - retentionDays`; returns how many. */
export async function sweepA2ATasks(
  db: PrismaClient,
  options: { now: Date; retentionDays: number },
): Promise<number> {
  const { count } = await db.a2aTask.deleteMany({
    where: { updatedAt: { lt: new Date(options.now.getTime() - options.retentionDays * DAY_MS) } },
  });
  return count;
}

/**
 * Sweeps now and then every `intervalMs`; returns a stop function that waits for a sweep in
 * progress. A failed sweep is logged and tried again at the next interval.
 */
export function startA2ATaskRetention(
  db: PrismaClient,
  options: { retentionDays: number; intervalMs?: number; now?: () => Date },
): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = sweepA2ATasks(db, { now: now(), retentionDays: options.retentionDays })
      .then((count) => {
        if (count > 0) {
          logger.info(
            { count, retentionDays: options.retentionDays },
            'A2A tasks past retention deleted',
          );
        }
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'A2A task retention sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, options.intervalMs ?? A2A_TASK_SWEEP_INTERVAL_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
