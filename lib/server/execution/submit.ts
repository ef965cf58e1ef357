/**
 * Submission (architecture.md §3.1): one transaction writes the request, its first event and the
 * plan job. The same entry serves the Requests form, `POST /api/v1/requests` and A2A SendMessage.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import { sqlErrorCode } from '@/lib/db/sql';
import type { PrismaClient } from '@/lib/db/prisma';
import {
  ROUTING_STRATEGIES,
  workflowTitle,
  type RequestStatus,
  type RoutingStrategy,
} from '@/lib/engine';
import { DEFAULT_ROUTING_STRATEGY, type SubmitRequestInput } from '@/lib/schemas/requests';
import { appendEvent } from './events';
import { enqueueJob, JOBS } from './queue';
import { inTx } from './deps';
import { preflightRequest } from './preflight';

/** Settings key of the instance-wide default routing strategy: `{ "strategy": "…" }`. */
export const DEFAULT_STRATEGY_SETTING_KEY = 'routing';

/** The strategy a request gets when it names none: the instance setting, else `capability`. */
export async function defaultStrategy(db: Pick<PrismaClient, 'setting'>): Promise<RoutingStrategy> {
  const row = await db.setting.findUnique({ where: { key: DEFAULT_STRATEGY_SETTING_KEY } });
  const value = (row?.value as { strategy?: unknown } | null)?.strategy;
  return (ROUTING_STRATEGIES as readonly unknown[]).includes(value)
    ? (value as RoutingStrategy)
    : DEFAULT_ROUTING_STRATEGY;
}

export interface Submitter {
  /** The signed-in user or the API token's owner; null for A2A peers. */
  userId: string | null;
  /** `user:<id>`, `token:<id>` or `a2a:<peer>`: who submitted, for the record. */
  label: string;
}

export interface SubmitResult {
  id: string;
  status: RequestStatus;
  /** false when an earlier submission with the same idempotency key is returned. */
  created: boolean;
}

/** Keys are per submitter, so two clients choosing the same key never see each other's request. */
export function scopedIdempotencyKey(submitter: Submitter, key: string): string {
  return `${submitter.label}:${key}`;
}

export async function submitRequest(
  db: PrismaClient,
  input: SubmitRequestInput,
  submitter: Submitter,
  options: { idempotencyKey?: string; now?: Date } = {},
): Promise<SubmitResult> {
  const key = options.idempotencyKey
    ? scopedIdempotencyKey(submitter, options.idempotencyKey)
    : null;
  if (key) {
    const existing = await db.request.findUnique({
      where: { idempotencyKey: key },
      select: { id: true, status: true },
    });
    if (existing) return { ...existing, created: false };
  }
  // Refuse what the planner would certainly fail, before anything is written.
  await preflightRequest(db, input);
  const now = options.now ?? new Date();
  const strategy = input.strategy ?? (await defaultStrategy(db));
  try {
    return await inTx(db, async (tx) => {
      const request = await tx.request.create({
        data: {
          input: input.input ?? null,
          workflow: (input.workflow ?? Prisma.DbNull) as Prisma.InputJsonValue,
          title: input.workflow ? workflowTitle(input.workflow) : null,
          submittedById: submitter.userId,
          submittedBy: submitter.label,
          strategy,
          planner: input.workflow ? 'workflow' : (input.planner ?? 'heuristic'),
          requiresApproval: input.requiresApproval ?? false,
          budgetLimit: input.budgetMicros === undefined ? null : BigInt(input.budgetMicros),
          idempotencyKey: key,
          deadlineAt:
            input.deadlineSeconds === undefined
              ? null
              : new Date(now.getTime() + input.deadlineSeconds * 1000),
        },
        select: { id: true, status: true, strategy: true, planner: true },
      });
      await appendEvent(tx, {
        requestId: request.id,
        type: 'request.submitted',
        payload: { by: submitter.label, strategy: request.strategy, planner: request.planner },
      });
      await enqueueJob(tx, JOBS.plan, { requestId: request.id });
      return { id: request.id, status: request.status, created: true };
    });
  } catch (error) {
    // Two submissions with one key raced: the loser returns the winner's request.
    if (key && sqlErrorCode(error) === 'unique_violation') {
      const existing = await db.request.findUnique({
        where: { idempotencyKey: key },
        select: { id: true, status: true },
      });
      if (existing) return { ...existing, created: false };
    }
    throw error;
  }
}
