import type {
  AttemptStatus,
  ErrorKind,
  ExecutionMode,
  RequestStatus,
  RoutingStrategy,
  TaskStatus,
} from '@/lib/engine';
import type { Prisma } from '../generated/prisma/client';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/** Longest input excerpt a list row carries. */
export const SUMMARY_MAX_LENGTH = 120;

export interface RequestListItem {
  id: string;
  /** The start of the free-text input, or the workflow's title for a workflow submission. */
  summary: string;
  status: RequestStatus;
  strategy: RoutingStrategy;
  costTotal: bigint;
  createdAt: Date;
  finishedAt: Date | null;
  /** From start (or submission, if it never started) to finish; null while unfinished. */
  durationMs: number | null;
}

export interface RequestFilters {
  status?: RequestStatus;
  strategy?: RoutingStrategy;
  /** Case-insensitive substring of the input text or the workflow title. */
  q?: string;
}

/** Requests, newest first, filtered. */
export async function findRequests(
  db: PrismaClient,
  request: PageRequest & RequestFilters,
): Promise<Page<RequestListItem>> {
  const pageSize = clampPageSize(request.pageSize);
  const where: Prisma.RequestWhereInput = {
    ...(request.status && { status: request.status }),
    ...(request.strategy && { strategy: request.strategy }),
    ...(request.q && {
      OR: [
        { input: { contains: request.q, mode: 'insensitive' } },
        { title: { contains: request.q, mode: 'insensitive' } },
      ],
    }),
  };
  const total = await db.request.count({ where });
  const page = clampPage(request.page, total, pageSize);
  const rows = await db.request.findMany({
    where,
    select: {
      id: true,
      input: true,
      title: true,
      status: true,
      strategy: true,
      costTotal: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const items = rows.map(({ input, title, startedAt, ...row }) => ({
    ...row,
    summary: summarizeInput(input, title),
    durationMs: row.finishedAt
      ? row.finishedAt.getTime() - (startedAt ?? row.createdAt).getTime()
      : null,
  }));
  return { items, total, page, pageSize };
}

/**
 * One line of a request for tables: its free-text input, else (a workflow, which has no free
 * text) its title, else "Workflow" for workflows stored before titles existed.
 */
export function summarizeInput(input: string | null, title: string | null = null): string {
  const text = (input ?? title)?.replace(/\s+/g, ' ').trim();
  if (!text) return 'Workflow';
  return text.length <= SUMMARY_MAX_LENGTH ? text : `${text.slice(0, SUMMARY_MAX_LENGTH - 1)}…`;
}

export interface AttemptView {
  id: string;
  number: number;
  status: AttemptStatus;
  agent: { id: string; name: string; displayName: string } | null;
  startedAt: Date;
  finishedAt: Date | null;
  latencyMs: number | null;
  tokensIn: number;
  tokensOut: number;
  cost: bigint;
  errorKind: ErrorKind | null;
  error: string | null;
  remoteTaskId: string | null;
  remoteCancel: unknown;
  output: unknown;
}

export interface TaskView {
  id: string;
  ref: string;
  description: string;
  capability: string;
  mode: ExecutionMode;
  options: unknown;
  status: TaskStatus;
  dependsOn: string[];
  agent: { id: string; name: string; displayName: string } | null;
  /** Routing explanation: strategy, candidates with scores, excluded agents with reasons. */
  routing: unknown;
  input: unknown;
  output: unknown;
  error: string | null;
  estimatedCost: bigint;
  maxAttempts: number;
  timeoutMs: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: AttemptView[];
}

/** A request with its tasks and their attempts (what the request page and its graph show). */
export interface RequestWithTasks {
  id: string;
  input: string | null;
  workflow: unknown;
  /** The workflow's title (own or derived); null for free-text requests. */
  title: string | null;
  submittedBy: string;
  strategy: RoutingStrategy;
  planner: 'heuristic' | 'llm' | 'workflow';
  requiresApproval: boolean;
  budgetLimit: bigint | null;
  status: RequestStatus;
  result: unknown;
  error: string | null;
  deadlineAt: Date | null;
  costTotal: bigint;
  attemptCount: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** In topological order (tasks are created in that order). */
  tasks: TaskView[];
}

export interface RequestDetail extends RequestWithTasks {
  /** Money spent per agent on this request (ledger), most first. */
  costByAgent: { agentId: string | null; name: string; amount: bigint }[];
}

const agentSelect = { select: { id: true, name: true, displayName: true } } as const;

/** The request with its tasks, attempts, routing, result and its spend per agent (REST, MCP). */
export async function getRequestDetail(
  db: PrismaClient,
  id: string,
): Promise<RequestDetail | null> {
  const [request, costByAgent] = await Promise.all([
    getRequestWithTasks(db, id),
    findCostByAgent(db, id),
  ]);
  return request ? { ...request, costByAgent } : null;
}

/**
 * The request with its tasks and attempts, without the ledger: the request page reads its costs
 * once (requestCosts), and the live snapshot (refetched up to once a second) needs none.
 */
export async function getRequestWithTasks(
  db: PrismaClient,
  id: string,
): Promise<RequestWithTasks | null> {
  const request = await db.request.findUnique({
    where: { id },
    include: { tasks: { orderBy: { id: 'asc' }, include: taskInclude } },
  });
  if (!request) return null;
  const { tasks, idempotencyKey: _key, submittedById: _by, updatedAt: _u, ...rest } = request;
  return {
    ...rest,
    durationMs: request.finishedAt
      ? request.finishedAt.getTime() - (request.startedAt ?? request.createdAt).getTime()
      : null,
    tasks: tasks.map(toTaskView),
  };
}

/**
 * One task of a request with its attempts (the node drawer reads it when it opens); null when the
 * request has no such task.
 */
export async function getTaskWithAttempts(
  db: PrismaClient,
  requestId: string,
  taskId: string,
): Promise<TaskView | null> {
  const task = await db.task.findFirst({ where: { id: taskId, requestId }, include: taskInclude });
  return task ? toTaskView(task) : null;
}

const taskInclude = {
  assignedAgent: agentSelect,
  dependsOn: { select: { dependsOn: { select: { ref: true } } } },
  attempts: { orderBy: { number: 'asc' }, include: { agent: agentSelect } },
} as const satisfies Prisma.TaskInclude;

function toTaskView(task: Prisma.TaskGetPayload<{ include: typeof taskInclude }>): TaskView {
  return {
    id: task.id,
    ref: task.ref,
    description: task.description,
    capability: task.capability,
    mode: task.mode,
    options: task.options,
    status: task.status,
    dependsOn: task.dependsOn.map((d) => d.dependsOn.ref),
    agent: task.assignedAgent,
    routing: task.routing,
    input: task.input,
    output: task.output,
    error: task.error,
    estimatedCost: task.estimatedCost,
    maxAttempts: task.maxAttempts,
    timeoutMs: task.timeoutMs,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    attempts: task.attempts.map((a) => ({
      id: a.id,
      number: a.number,
      status: a.status,
      agent: a.agent,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      latencyMs: a.latencyMs,
      tokensIn: a.tokensIn,
      tokensOut: a.tokensOut,
      cost: a.cost,
      errorKind: a.errorKind,
      error: a.error,
      remoteTaskId: a.remoteTaskId,
      remoteCancel: a.remoteCancel,
      output: a.output,
    })),
  };
}

async function findCostByAgent(
  db: PrismaClient,
  requestId: string,
): Promise<RequestDetail['costByAgent']> {
  const costs = await db.costEntry.groupBy({
    by: ['agentId'],
    where: { requestId },
    _sum: { amount: true },
  });
  const agentIds = costs.flatMap((c) => (c.agentId ? [c.agentId] : []));
  const agentNames = new Map(
    (agentIds.length > 0
      ? await db.agent.findMany({
          where: { id: { in: agentIds } },
          select: { id: true, name: true },
        })
      : []
    ).map((a) => [a.id, a.name]),
  );
  return costs
    .map((c) => ({
      agentId: c.agentId,
      name: c.agentId ? (agentNames.get(c.agentId) ?? 'unknown agent') : 'planner / synthesis',
      amount: c._sum.amount ?? 0n,
    }))
    .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0));
}

export interface EventView {
  id: bigint;
  taskId: string | null;
  type: string;
  payload: unknown;
  createdAt: Date;
}

/** A request's events after `afterId`, oldest first (the SSE stream and the timeline). */
export function findRequestEvents(
  db: PrismaClient,
  requestId: string,
  afterId: bigint = 0n,
  limit = 500,
): Promise<EventView[]> {
  return db.event.findMany({
    where: { requestId, id: { gt: afterId } },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, taskId: true, type: true, payload: true, createdAt: true },
  });
}
