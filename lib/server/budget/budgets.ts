/**
 * Budget CRUD (admin): validation beyond the schema (ids that exist, no overlapping budget for the
 * same scope and period), the audit entry, and a new budget's starting spend from the ledger.
 * Nothing is written when anything is wrong.
 */
import { AppError } from '@/lib/errors';
import type { PrismaClient } from '@/lib/db/prisma';
import { recordAudit } from '@/lib/db/repositories/audit';
import { periodStartOf } from '@/lib/engine';
import type { CreateBudgetInput, UpdateBudgetInput } from '@/lib/schemas/budgets';

export interface Actor {
  actor: string;
  userId: string | null;
}

const SELECT = {
  id: true,
  name: true,
  scope: true,
  scopeId: true,
  capability: true,
  limit: true,
  period: true,
  mode: true,
  thresholds: true,
  spent: true,
  reserved: true,
  periodStart: true,
} as const;

type Row = {
  id: string;
  name: string;
  scope: CreateBudgetInput['scope'];
  scopeId: string | null;
  capability: string | null;
  limit: bigint;
  period: CreateBudgetInput['period'];
  mode: CreateBudgetInput['mode'];
  thresholds: number[];
  spent: bigint;
  reserved: bigint;
  periodStart: Date;
};

export function budgetJson(row: Row) {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    scopeId: row.scopeId,
    capability: row.capability,
    limitMicros: Number(row.limit),
    period: row.period,
    mode: row.mode,
    thresholds: row.thresholds,
    spentMicros: Number(row.spent),
    reservedMicros: Number(row.reserved),
    periodStart: row.periodStart.toISOString(),
  };
}

export async function listBudgets(db: PrismaClient) {
  const rows = await db.budget.findMany({
    select: SELECT,
    orderBy: [{ scope: 'asc' }, { id: 'asc' }],
  });
  return rows.map(budgetJson);
}

export async function createBudget(
  db: PrismaClient,
  input: CreateBudgetInput,
  who: Actor,
  now = new Date(),
) {
  const scopeId = input.scope === 'agent' || input.scope === 'request' ? input.scopeId! : null;
  const capability = input.scope === 'capability' ? input.capability!.trim() : null;
  return db.$transaction(async (tx) => {
    if (input.scope === 'agent') {
      const agent = await tx.agent.findFirst({ where: { id: scopeId!, deletedAt: null } });
      if (!agent) throw fieldError('scopeId', 'No agent has this id.');
    }
    if (input.scope === 'request') {
      const request = await tx.request.findUnique({ where: { id: scopeId! } });
      if (!request) throw fieldError('scopeId', 'No request has this id.');
    }
    if (input.scope === 'capability') {
      const offered = await tx.capability.findFirst({
        where: { name: { equals: capability!, mode: 'insensitive' }, agent: { deletedAt: null } },
      });
      if (!offered) throw fieldError('capability', 'No agent offers this capability.');
    }
    const overlap = await tx.budget.findFirst({
      where: {
        scope: input.scope,
        period: input.period,
        scopeId,
        capability: capability === null ? null : { equals: capability, mode: 'insensitive' },
      },
      select: { name: true },
    });
    if (overlap) {
      throw fieldError(
        'period',
        `Budget '${overlap.name}' already covers this ${input.scope} per ${input.period}; edit it instead.`,
      );
    }
    const periodStart = new Date(periodStartOf(input.period, now.getTime()));
    // A new budget starts from what its scope already spent in the current period (the ledger).
    const spent = await tx.costEntry.aggregate({
      where: {
        createdAt: { gte: periodStart },
        ...(input.scope === 'agent' && { agentId: scopeId }),
        ...(input.scope === 'request' && { requestId: scopeId }),
        ...(input.scope === 'capability' && {
          capability: { equals: capability!, mode: 'insensitive' as const },
        }),
      },
      _sum: { amount: true },
    });
    const row = await tx.budget.create({
      data: {
        name: input.name,
        scope: input.scope,
        scopeId,
        capability,
        limit: BigInt(input.limitMicros),
        period: input.period,
        mode: input.mode,
        thresholds: input.thresholds,
        spent: spent._sum.amount ?? 0n,
        periodStart,
      },
      select: SELECT,
    });
    await recordAudit(tx, {
      actor: who.actor,
      userId: who.userId,
      action: 'budget.created',
      targetType: 'budget',
      targetId: row.id,
      metadata: budgetJson(row),
    });
    return budgetJson(row);
  });
}

export async function updateBudget(
  db: PrismaClient,
  id: string,
  input: UpdateBudgetInput,
  who: Actor,
) {
  return db.$transaction(async (tx) => {
    const before = await tx.budget.findUnique({ where: { id }, select: SELECT });
    if (!before) throw new AppError('NOT_FOUND', 'No budget has this id.');
    const row = await tx.budget.update({
      where: { id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.limitMicros !== undefined && { limit: BigInt(input.limitMicros) }),
        ...(input.mode !== undefined && { mode: input.mode }),
        ...(input.thresholds !== undefined && { thresholds: input.thresholds }),
      },
      select: SELECT,
    });
    await recordAudit(tx, {
      actor: who.actor,
      userId: who.userId,
      action: 'budget.updated',
      targetType: 'budget',
      targetId: id,
      metadata: { before: budgetJson(before), after: budgetJson(row) },
    });
    return budgetJson(row);
  });
}

export async function deleteBudget(db: PrismaClient, id: string, who: Actor) {
  return db.$transaction(async (tx) => {
    const before = await tx.budget.findUnique({ where: { id }, select: SELECT });
    if (!before) throw new AppError('NOT_FOUND', 'No budget has this id.');
    await tx.budget.delete({ where: { id } });
    await recordAudit(tx, {
      actor: who.actor,
      userId: who.userId,
      action: 'budget.deleted',
      targetType: 'budget',
      targetId: id,
      metadata: budgetJson(before),
    });
    return { id, deleted: true as const };
  });
}

function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: { [field]: message } });
}

/**
 * A request's costs from the ledger: totals by kind (planning, agent, tool, routing), by agent, by
 * task (estimated at routing vs actual, with tokens), and the estimated / reported split. Rows
 * without an agent (planning, routing) are one `agentId: null` group.
 */
export async function requestCosts(db: PrismaClient, requestId: string) {
  const request = await db.request.findUnique({
    where: { id: requestId },
    select: { id: true, costTotal: true },
  });
  if (!request) throw new AppError('NOT_FOUND', 'No request has this id.');
  const sums = { amount: true, tokensIn: true, tokensOut: true } as const;
  const [byKind, byTask, byAgent, tasks] = await Promise.all([
    db.costEntry.groupBy({
      by: ['kind', 'isReported'],
      where: { requestId },
      _sum: sums,
    }),
    db.costEntry.groupBy({
      by: ['taskId', 'isReported'],
      where: { requestId, taskId: { not: null } },
      _sum: sums,
    }),
    db.costEntry.groupBy({
      by: ['agentId', 'isReported'],
      where: { requestId },
      _sum: sums,
    }),
    db.task.findMany({
      where: { requestId },
      select: { id: true, ref: true, capability: true, estimatedCost: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  const kinds = foldGroups(byKind, (row) => row.kind);
  const taskTotals = foldGroups(byTask, (row) => row.taskId);
  const agentTotals = foldGroups(byAgent, (row) => row.agentId);
  const agentIds = [...agentTotals.keys()].flatMap((id) => (id ? [id] : []));
  // Unregistered agents keep their spend (soft delete), so names are read without the filter.
  const agents = agentIds.length
    ? await db.agent.findMany({
        where: { id: { in: agentIds } },
        select: { id: true, name: true, displayName: true, deletedAt: true },
      })
    : [];
  const agentById = new Map(agents.map((agent) => [agent.id, agent]));
  let reported = 0n;
  let total = 0n;
  for (const value of kinds.values()) {
    reported += value.reported;
    total += value.amount;
  }
  const none: Totals = { amount: 0n, reported: 0n, tokensIn: 0, tokensOut: 0 };
  return {
    requestId,
    totalMicros: Number(request.costTotal),
    reportedMicros: Number(reported),
    estimatedMicros: Number(total - reported),
    byKind: sortByAmount([...kinds]).map(([kind, value]) => ({ kind, ...totalsJson(value) })),
    byAgent: sortByAmount([...agentTotals]).map(([agentId, value]) => {
      const agent = agentId ? agentById.get(agentId) : undefined;
      return {
        agentId,
        name: agent?.name ?? null,
        displayName: agent?.displayName ?? null,
        isUnregistered: agent ? agent.deletedAt !== null : false,
        ...totalsJson(value),
      };
    }),
    byTask: tasks.map((task) => {
      const value = taskTotals.get(task.id) ?? none;
      return {
        taskId: task.id,
        ref: task.ref,
        capability: task.capability,
        estimatedMicros: task.estimatedCost === null ? null : Number(task.estimatedCost),
        actualMicros: Number(value.amount),
        reportedMicros: Number(value.reported),
        tokensIn: value.tokensIn,
        tokensOut: value.tokensOut,
      };
    }),
  };
}

interface Totals {
  amount: bigint;
  reported: bigint;
  tokensIn: number;
  tokensOut: number;
}

type GroupRow = {
  isReported: boolean;
  _sum: { amount: bigint | null; tokensIn: number | null; tokensOut: number | null };
};

/** Folds (key, isReported) groups into one total per key, with the reported part. */
function foldGroups<R extends GroupRow, K>(rows: readonly R[], keyOf: (row: R) => K) {
  const out = new Map<K, Totals>();
  for (const row of rows) {
    const key = keyOf(row);
    const amount = row._sum.amount ?? 0n;
    const current = out.get(key) ?? { amount: 0n, reported: 0n, tokensIn: 0, tokensOut: 0 };
    out.set(key, {
      amount: current.amount + amount,
      reported: current.reported + (row.isReported ? amount : 0n),
      tokensIn: current.tokensIn + (row._sum.tokensIn ?? 0),
      tokensOut: current.tokensOut + (row._sum.tokensOut ?? 0),
    });
  }
  return out;
}

/** Largest first; ties by key (nulls last) so the order is stable. */
function sortByAmount<K extends string | null>(entries: [K, Totals][]): [K, Totals][] {
  return entries.sort(([ka, a], [kb, b]) => {
    if (a.amount !== b.amount) return b.amount > a.amount ? 1 : -1;
    if (ka === kb) return 0;
    if (ka === null) return 1;
    if (kb === null) return -1;
    return ka < kb ? -1 : 1;
  });
}

function totalsJson(value: Totals) {
  return {
    amountMicros: Number(value.amount),
    reportedMicros: Number(value.reported),
    tokensIn: value.tokensIn,
    tokensOut: value.tokensOut,
  };
}
