/**
 * The price table (admin): per provider and model, input and output micro-dollars per 1M tokens
 * from an effective date. Agents naming provider + model are priced from the row in effect
 * (lib/server/execution/candidates.ts). Audited; nothing written on error.
 */
import { formatUsd } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import type { PrismaClient } from '@/lib/db/prisma';
import { recordAudit } from '@/lib/db/repositories/audit';
import type { CreatePriceInput, UpdatePriceInput } from '@/lib/schemas/prices';
import type { Actor } from './budgets';

type Row = {
  id: string;
  provider: string;
  model: string;
  inputPerMTok: bigint;
  outputPerMTok: bigint;
  effectiveFrom: Date;
};

export function priceJson(row: Row) {
  return {
    id: row.id,
    provider: row.provider,
    model: row.model,
    inputPerMTokMicros: Number(row.inputPerMTok),
    outputPerMTokMicros: Number(row.outputPerMTok),
    effectiveFrom: row.effectiveFrom.toISOString(),
  };
}

/** Paginated, newest effective date first per model. */
export async function listPrices(db: PrismaClient, { page = 1, pageSize = 50 } = {}) {
  const [rows, total] = await Promise.all([
    db.modelPrice.findMany({
      orderBy: [{ provider: 'asc' }, { model: 'asc' }, { effectiveFrom: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.modelPrice.count(),
  ]);
  return { items: rows.map(priceJson), total, page, pageSize };
}

/**
 * Which of these rows are in effect at `now`: per provider + model, the one with the latest
 * effective date not after `now` — the row lib/server/execution/candidates.ts prices agents from.
 * Looked up per model rather than read off one page, since a model's rows can span pages.
 */
export async function findPricesInEffect(
  db: PrismaClient,
  rows: readonly { provider: string; model: string }[],
  now = new Date(),
): Promise<Set<string>> {
  const pairs = new Map(rows.map((r) => [JSON.stringify([r.provider, r.model]), r]));
  if (pairs.size === 0) return new Set();
  const current = await db.modelPrice.findMany({
    where: {
      effectiveFrom: { lte: now },
      OR: [...pairs.values()].map(({ provider, model }) => ({ provider, model })),
    },
    orderBy: [{ provider: 'asc' }, { model: 'asc' }, { effectiveFrom: 'desc' }],
    distinct: ['provider', 'model'],
    select: { id: true },
  });
  return new Set(current.map((row) => row.id));
}

export async function createPrice(db: PrismaClient, input: CreatePriceInput, who: Actor) {
  return db.$transaction(async (tx) => {
    const clash = await tx.modelPrice.findFirst({
      where: { provider: input.provider, model: input.model, effectiveFrom: input.effectiveFrom },
    });
    if (clash) {
      const message = 'This model already has a price from this date; edit it instead.';
      throw new AppError('VALIDATION_FAILED', message, { fields: { effectiveFrom: message } });
    }
    const row = await tx.modelPrice.create({
      data: {
        provider: input.provider,
        model: input.model,
        inputPerMTok: BigInt(input.inputPerMTokMicros),
        outputPerMTok: BigInt(input.outputPerMTokMicros),
        effectiveFrom: input.effectiveFrom,
      },
    });
    await recordAudit(tx, {
      actor: who.actor,
      userId: who.userId,
      action: 'price.created',
      targetType: 'model_price',
      targetId: row.id,
      metadata: priceJson(row),
    });
    return priceJson(row);
  });
}

export async function updatePrice(
  db: PrismaClient,
  id: string,
  input: UpdatePriceInput,
  who: Actor,
) {
  return db.$transaction(async (tx) => {
    const before = await tx.modelPrice.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No price has this id.');
    const row = await tx.modelPrice.update({
      where: { id },
      data: {
        ...(input.inputPerMTokMicros !== undefined && {
          inputPerMTok: BigInt(input.inputPerMTokMicros),
        }),
        ...(input.outputPerMTokMicros !== undefined && {
          outputPerMTok: BigInt(input.outputPerMTokMicros),
        }),
      },
    });
    await recordAudit(tx, {
      actor: who.actor,
      userId: who.userId,
      action: 'price.updated',
      targetType: 'model_price',
      targetId: id,
      metadata: { before: priceJson(before), after: priceJson(row) },
    });
    return priceJson(row);
  });
}

export async function deletePrice(db: PrismaClient, id: string, who: Actor) {
  return db.$transaction(async (tx) => {
    const before = await tx.modelPrice.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No price has this id.');
    await tx.modelPrice.delete({ where: { id } });
    await recordAudit(tx, {
      actor: who.actor,
      userId: who.userId,
      action: 'price.deleted',
      targetType: 'model_price',
      targetId: id,
      metadata: priceJson(before),
    });
    return { id, deleted: true as const };
  });
}

/**
 * One option per provider/model of the price table, labelled with its latest price, for the agent
 * forms' "Model price" select (register and edit).
 */
export async function listModelPriceOptions(
  db: PrismaClient,
): Promise<{ provider: string; model: string; label: string }[]> {
  const rows = await db.modelPrice.findMany({
    orderBy: [{ provider: 'asc' }, { model: 'asc' }, { effectiveFrom: 'desc' }],
    select: { provider: true, model: true, inputPerMTok: true, outputPerMTok: true },
  });
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    const key = `${row.provider}/${row.model}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      {
        provider: row.provider,
        model: row.model,
        label: `${key}: ${formatUsd(row.inputPerMTok)} / ${formatUsd(row.outputPerMTok)} per 1M tokens`,
      },
    ];
  });
}
