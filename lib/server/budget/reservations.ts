/**
 * Budgets on the execution path (ADR 0014): reserve before dispatch, settle after, release what a
 * lost attempt held. Statements on `SqlTx` (ADR 0020), called from the claim and record
 * transactions in lib/server/execution/run-task.ts and recovery.ts; the arithmetic is the engine's
 * (lib/engine/budget/ledger.ts).
 *
 * Concurrency: a claim locks every budget that covers any of its candidates (`FOR UPDATE`, in id
 * order) before it decides, and writes the reservation in the same transaction, so two claims
 * racing for the last dollars of a budget run one after the other: the second sees the first's
 * reservation. Settlement and release lock the same rows in the same order. Budgets are locked
 * after the request/task rows and before agent rows, on every path, so the order is global.
 * Without any budget the claim pays one indexed read that returns nothing.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import type { SqlTx } from '@/lib/db/sql';
import {
  chargeUnreserved,
  exhaustionAction,
  formatUsd,
  reserve,
  rollOver,
  settle,
  type BudgetMode,
  type BudgetPeriod,
  type BudgetScope,
  type BudgetState,
  type Candidate,
  type RoutingDecision,
  type SettleResult,
} from '@/lib/engine';
import { appendEvents, type NewEvent } from '../execution/events';
import { enqueueTaskJobs } from '../execution/queue';

interface BudgetRow {
  id: string;
  name: string;
  scope: BudgetScope;
  scope_id: string | null;
  capability: string | null;
  mode: BudgetMode;
  period: BudgetPeriod;
  limit_micros: bigint;
  spent_micros: bigint;
  reserved_micros: bigint;
  period_start: Date;
  thresholds: number[] | null;
  fired_thresholds: number[] | null;
}

const BUDGET_COLUMNS = Prisma.sql`b.id, b.name, b.scope, b.scope_id, b.capability, b.mode, b.period,
  b.limit_micros, b.spent_micros, b.reserved_micros, b.period_start, b.thresholds, b.fired_thresholds`;

interface Covered extends BudgetState {
  scope: BudgetScope;
  scopeId: string | null;
  capability: string | null;
}

function toState(row: BudgetRow): Covered {
  return {
    id: row.id,
    // Budgets created before names existed (or straight in SQL) are named by what they cover.
    name: row.name || `${row.scope}${row.capability ? ` ${row.capability}` : ''} ${row.period}`,
    mode: row.mode,
    period: row.period,
    limit: row.limit_micros,
    spent: row.spent_micros,
    reserved: row.reserved_micros,
    periodStart: row.period_start.getTime(),
    thresholds: row.thresholds ?? [],
    fired: row.fired_thresholds ?? [],
    scope: row.scope,
    scopeId: row.scope_id,
    capability: row.capability,
  };
}

/** Whether a budget covers a call of `agentId` for `capability` in `requestId`. */
function covers(
  b: Pick<Covered, 'scope' | 'scopeId' | 'capability'>,
  call: { requestId: string; capability: string; agentId: string | null },
): boolean {
  switch (b.scope) {
    case 'global':
      return true;
    case 'agent':
      return call.agentId !== null && b.scopeId === call.agentId;
    case 'capability':
      return b.capability !== null && b.capability.toLowerCase() === call.capability.toLowerCase();
    case 'request':
      return b.scopeId === call.requestId;
  }
}

/** Every budget covering any of these calls, locked in id order (one statement). */
async function lockCovering(
  tx: SqlTx,
  scope: { requestId: string; capability: string | null; agentIds: readonly string[] },
): Promise<Covered[]> {
  const rows = await tx.$queryRaw<BudgetRow[]>`
    SELECT ${BUDGET_COLUMNS} FROM budgets b
    WHERE b.scope = 'global'
       OR (b.scope = 'agent' AND b.scope_id = ANY(${[...scope.agentIds]}::uuid[]))
       OR (b.scope = 'capability' AND lower(b.capability) = lower(${scope.capability ?? ''}))
       OR (b.scope = 'request' AND b.scope_id = ${scope.requestId}::uuid)
    ORDER BY b.id
    FOR UPDATE OF b`;
  return rows.map(toState);
}

async function writeStates(tx: SqlTx, states: readonly BudgetState[]): Promise<void> {
  if (states.length === 0) return;
  await tx.$executeRaw`
    UPDATE budgets b SET spent_micros = s.spent, reserved_micros = s.reserved,
                         period_start = s.period_start,
                         fired_thresholds = COALESCE(
                           (SELECT array_agg(x::int ORDER BY x::int)
                              FROM unnest(string_to_array(NULLIF(s.fired, ''), ',')) AS x),
                           ARRAY[]::int[]),
                         updated_at = now()
    FROM unnest(${states.map((s) => s.id)}::uuid[], ${states.map((s) => s.spent)}::bigint[],
                ${states.map((s) => s.reserved)}::bigint[],
                ${states.map((s) => new Date(s.periodStart))}::timestamptz[],
                ${states.map((s) => s.fired.join(','))}::text[])
         AS s(id, spent, reserved, period_start, fired)
    WHERE b.id = s.id`;
}

export interface BudgetBlock {
  budget: Covered;
  estimate: bigint;
}

export interface BudgetGate {
  /** Candidates no covering budget can afford, with the first budget that refuses. */
  over: ReadonlyMap<string, BudgetBlock>;
  /** True when budgets (and only budgets) leave no candidate: the budget's mode decides. */
  blocksAll(remainingCandidates: number): boolean;
  /** The routing decision with the over-budget agents listed as excluded (`over budget: <name>`). */
  explain(decision: RoutingDecision): RoutingDecision;
  /** Holds each started call's estimate against every budget covering it (same transaction). */
  reserve(
    tx: SqlTx,
    calls: readonly { attemptId: string; loaded: { candidate: Candidate } }[],
  ): Promise<void>;
  /**
   * No candidate is left because of budgets: pause the request, or say why to stop it
   * (`budget_exceeded`) — the claim stops it in a transaction of its own (execution/claim.ts).
   */
  exhaust(
    tx: SqlTx,
    at: { requestId: string; task: { id: string; ref: string; capability: string } },
  ): Promise<{ stop: RequestStop } | null>;
}

/** A request to stop after the claim's transaction: why, and the events to log before the stop's. */
export interface RequestStop {
  reason: string;
  events?: NewEvent[];
}

/**
 * Reads (and locks) the budgets covering a task's candidates and decides, per candidate, whether
 * its estimate fits every one of them. Called in the claim transaction after the candidates are
 * loaded.
 */
export async function checkBudgets(
  tx: SqlTx,
  input: {
    requestId: string;
    capability: string;
    candidates: readonly Candidate[];
    estimate: (candidate: Candidate) => bigint;
    now: Date;
  },
): Promise<BudgetGate> {
  const now = input.now.getTime();
  const budgets = await lockCovering(tx, {
    requestId: input.requestId,
    capability: input.capability,
    agentIds: input.candidates.map((c) => c.id),
  });
  const over = new Map<string, BudgetBlock>();
  const estimates = new Map<string, bigint>();
  for (const candidate of input.candidates) {
    const estimate = input.estimate(candidate);
    estimates.set(candidate.id, estimate);
    const call = {
      requestId: input.requestId,
      capability: input.capability,
      agentId: candidate.id,
    };
    for (const budget of budgets) {
      if (!covers(budget, call)) continue;
      const result = reserve(budget, estimate, now);
      if (!result.ok) {
        over.set(candidate.id, { budget: { ...budget, ...result.budget }, estimate });
        break;
      }
    }
  }
  const names = new Map(input.candidates.map((c) => [c.id, c.name]));

  return {
    over,
    blocksAll: (remaining) => remaining === 0 && over.size > 0,
    explain(decision) {
      if (over.size === 0) return decision;
      return {
        ...decision,
        excluded: [
          ...decision.excluded,
          ...[...over].map(([agentId, block]) => ({
            agentId,
            name: names.get(agentId) ?? agentId,
            reason: 'over_budget' as const,
            detail: `over budget: ${block.budget.name} (estimated ${formatUsd(block.estimate)}, ${formatUsd(
              block.budget.limit - block.budget.spent - block.budget.reserved,
            )} left of ${formatUsd(block.budget.limit)})`,
          })),
        ],
      };
    },
    async reserve(tx2, calls) {
      if (budgets.length === 0 || calls.length === 0) return;
      const byId = new Map<string, Covered>(budgets.map((b) => [b.id, b]));
      const rows: { budgetId: string; attemptId: string; amount: bigint }[] = [];
      for (const call of calls) {
        const agentId = call.loaded.candidate.id;
        const estimate = estimates.get(agentId) ?? input.estimate(call.loaded.candidate);
        for (const budget of budgets) {
          const scope = { requestId: input.requestId, capability: input.capability, agentId };
          if (!covers(budget, scope)) continue;
          const held = byId.get(budget.id)!;
          const current = { ...held, ...rollOver(held, now) };
          // Checked above under the same lock; a fan-out round's later calls may still tip a
          // shared budget (ADR 0014: rounds are admitted per agent).
          byId.set(budget.id, { ...current, reserved: current.reserved + estimate });
          rows.push({ budgetId: budget.id, attemptId: call.attemptId, amount: estimate });
        }
      }
      if (rows.length === 0) return;
      await tx2.$executeRaw`
        INSERT INTO budget_reservations (id, budget_id, attempt_id, amount_micros)
        SELECT gen_random_uuid(), r.budget_id, r.attempt_id, r.amount
        FROM unnest(${rows.map((r) => r.budgetId)}::uuid[], ${rows.map((r) => r.attemptId)}::uuid[],
                    ${rows.map((r) => r.amount)}::bigint[]) AS r(budget_id, attempt_id, amount)
        ON CONFLICT (budget_id, attempt_id) DO NOTHING`;
      await writeStates(tx2, [...byId.values()]);
    },
    async exhaust(tx2, { requestId, task }) {
      const blocking = uniqueBudgets([...over.values()].map((b) => b.budget));
      const action = exhaustionAction(blocking);
      const names = blocking.map((b) => `'${b.name}'`).join(', ');
      const detail = blocking
        .map(
          (b) =>
            `${b.name}: ${formatUsd(b.spent + b.reserved)} of ${formatUsd(b.limit)} (${b.mode}, ${b.period})`,
        )
        .join('; ');
      const payload = {
        ref: task.ref,
        capability: task.capability,
        budgets: blocking.map((b) => ({ id: b.id, name: b.name, mode: b.mode })),
      };
      if (action === 'stop') {
        const reason = `budget_exceeded: budget ${names} cannot cover '${task.capability}' (${detail})`;
        return {
          stop: {
            reason,
            events: [
              {
                requestId,
                taskId: task.id,
                type: 'budget.exceeded',
                payload: { ...payload, action },
              },
            ],
          },
        };
      }
      const reason = `paused by budget ${names}: '${task.capability}' would exceed it (${detail}). Raise the limit and resume, or cancel.`;
      await tx2.$executeRaw`
        UPDATE requests SET status = 'awaiting_approval', error = ${reason}, updated_at = now()
        WHERE id = ${requestId}::uuid AND status = 'running'`;
      await appendEvents(tx2, [
        { requestId, taskId: task.id, type: 'budget.exceeded', payload: { ...payload, action } },
        {
          requestId,
          type: 'request.awaiting_approval',
          payload: { reason, budget: blocking[0]?.name ?? null },
        },
      ]);
      return null;
    },
  };
}

function uniqueBudgets<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

interface HeldRow extends BudgetRow {
  reservation_id: string;
  held: bigint;
}

/**
 * Settles an attempt's reservations to its actual cost (0 to release them). Exactly once: a
 * reservation already settled is not touched again. Call before the agent's row is locked.
 */
export async function settleReservations(
  tx: SqlTx,
  input: { attemptId: string; requestId: string; actual: bigint; now: Date },
): Promise<void> {
  const held = await tx.$queryRaw<HeldRow[]>`
    SELECT ${BUDGET_COLUMNS}, r.id AS reservation_id, r.amount_micros AS held
    FROM budget_reservations r JOIN budgets b ON b.id = r.budget_id
    WHERE r.attempt_id = ${input.attemptId}::uuid AND r.settled_at IS NULL
    ORDER BY b.id
    FOR UPDATE OF b, r`;
  if (held.length === 0) return;
  const now = input.now.getTime();
  const results = held.map((row) => ({
    row,
    result: settle(toState(row), row.held, input.actual, now),
  }));
  await tx.$executeRaw`
    UPDATE budget_reservations SET actual_micros = ${input.actual}::bigint,
                                   settled_at = ${input.now}::timestamptz
    WHERE id = ANY(${held.map((h) => h.reservation_id)}::uuid[])`;
  await writeStates(
    tx,
    results.map((r) => r.result.next),
  );
  await recordThresholds(
    tx,
    input.requestId,
    results.map((r) => ({ ...r.result, row: r.row })),
  );
}

/** Releases a lost attempt's reservations: the held estimates go back, nothing is spent. */
export function releaseReservations(
  tx: SqlTx,
  input: { attemptId: string; requestId: string; now: Date },
): Promise<void> {
  return settleReservations(tx, { ...input, actual: 0n });
}

/**
 * Adds a cost that had no reservation — planning, routing embeddings — to the budgets covering it
 * (global, the request's, the agent's when one was called). Same lock order as a claim.
 */
export async function chargeBudgets(
  tx: SqlTx,
  input: { requestId: string; agentId: string | null; amount: bigint; now: Date },
): Promise<void> {
  if (input.amount <= 0n) return;
  const budgets = (
    await lockCovering(tx, {
      requestId: input.requestId,
      capability: null,
      agentIds: input.agentId ? [input.agentId] : [],
    })
  ).filter((b) => b.scope !== 'capability');
  if (budgets.length === 0) return;
  const now = input.now.getTime();
  const results = budgets.map((b) => ({ ...chargeUnreserved(b, input.amount, now), row: b }));
  await writeStates(
    tx,
    results.map((r) => r.next),
  );
  await recordThresholds(
    tx,
    input.requestId,
    results.map((r) => ({
      ...r,
      row: { id: r.row.id, name: r.row.name, mode: r.row.mode, limit_micros: r.row.limit },
    })),
  );
}

async function recordThresholds(
  tx: SqlTx,
  requestId: string,
  results: readonly (SettleResult & {
    row: Pick<BudgetRow, 'id' | 'name' | 'mode' | 'limit_micros'>;
  })[],
): Promise<void> {
  const fired = results.flatMap((r) => r.crossed.map((percent) => ({ r, percent })));
  if (fired.length === 0) return;
  // The key (budget, period, percent) makes each threshold fire once per period, whatever races.
  const inserted = await tx.$queryRaw<{ budget_id: string; percent: number }[]>`
    INSERT INTO budget_threshold_events (budget_id, period_start, percent, spent_micros, request_id)
    SELECT f.budget_id, f.period_start, f.percent, f.spent, ${requestId}::uuid
    FROM unnest(${fired.map((f) => f.r.row.id)}::uuid[],
                ${fired.map((f) => new Date(f.r.next.periodStart))}::timestamptz[],
                ${fired.map((f) => f.percent)}::int[], ${fired.map((f) => f.r.next.spent)}::bigint[])
         AS f(budget_id, period_start, percent, spent)
    ON CONFLICT DO NOTHING
    RETURNING budget_id, percent`;
  const events: NewEvent[] = inserted.map((row) => {
    const f = fired.find((x) => x.r.row.id === row.budget_id && x.percent === row.percent)!;
    return {
      requestId,
      type: 'budget.threshold',
      payload: {
        budgetId: f.r.row.id,
        budget: f.r.row.name,
        mode: f.r.row.mode,
        percent: f.percent,
        spent: f.r.next.spent.toString(),
        limit: f.r.row.limit_micros.toString(),
      },
    };
  });
  await appendEvents(tx, events);
}

/**
 * After a budget pause is resumed (approval): tasks left ready or retrying get their job again
 * (their jobs ran while the request waited and did nothing).
 */
export async function requeueOpenTasks(tx: SqlTx, requestId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM tasks WHERE request_id = ${requestId}::uuid
      AND status IN ('ready', 'retrying') ORDER BY id`;
  if (rows.length > 0)
    await enqueueTaskJobs(
      tx,
      rows.map((r) => r.id),
    );
}

/** A request waiting because of a budget is recorded as running (its calls finish normally). */
export function recordingStatus(status: string): string {
  return status === 'awaiting_approval' ? 'running' : status;
}
