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
 * A request's costs from the ledger: totals by kind (planning, agent, tool, routing), by task
 * (estimated at routing vs actual), and the estimated / reported split.
 */
export async function requestCosts(db: PrismaClient, requestId: string) {
  const request = await db.request.findUnique({
    where: { id: requestId },
    select: { id: true, costTotal: true },
  });
  if (!request) throw new AppError('NOT_FOUND', 'No request has this id.');
  const [byKind, byTask, tasks] = await Promise.all([
    db.costEntry.groupBy({
      by: ['kind', 'isReported'],
      where: { requestId },
      _sum: { amount: true, tokensIn: true, tokensOut: true },
    }),
    db.costEntry.groupBy({
      by: ['taskId'],
      where: { requestId, taskId: { not: null } },
      _sum: { amount: true },
    }),
    db.task.findMany({
      where: { requestId },
      select: { id: true, ref: true, capability: true, estimatedCost: true },
      orderBy: { id: 'asc' },
    }),
  ]);
  const actualByTask = new Map(byTask.map((row) => [row.taskId, row._sum.amount ?? 0n]));
  const kinds = new Map<string, { amountMicros: number; tokensIn: number; tokensOut: number }>();
  let reported = 0n;
  let estimated = 0n;
  for (const row of byKind) {
    const amount = row._sum.amount ?? 0n;
    if (row.isReported) reported += amount;
    else estimated += amount;
    const current = kinds.get(row.kind) ?? { amountMicros: 0, tokensIn: 0, tokensOut: 0 };
    kinds.set(row.kind, {
      amountMicros: current.amountMicros + Number(amount),
      tokensIn: current.tokensIn + (row._sum.tokensIn ?? 0),
      tokensOut: current.tokensOut + (row._sum.tokensOut ?? 0),
    });
  }
  return {
    requestId,
    totalMicros: Number(request.costTotal),
    reportedMicros: Number(reported),
    estimatedMicros: Number(estimated),
    byKind: [...kinds].map(([kind, value]) => ({ kind, ...value })),
    byTask: tasks.map((task) => ({
      taskId: task.id,
      ref: task.ref,
      capability: task.capability,
      estimatedMicros: task.estimatedCost === null ? null : Number(task.estimatedCost),
      actualMicros: Number(actualByTask.get(task.id) ?? 0n),
    })),
  };
}
