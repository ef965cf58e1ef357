/**
 * What the executor needs from the world, injected so tests can swap the clock, the randomness and
 * the adapters, and so the Next.js in-process worker and `npm run worker` share one implementation.
 */
import type { AgentAdapter } from '@/lib/agents/types';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import type pg from 'pg';
import { poolOf, type PrismaClient } from '@/lib/db/prisma';
import {
  DEFAULT_LOOP_GUARD_OPTIONS,
  DEFAULT_RETRY_POLICY,
  mulberry32,
  type AgentKind,
  type LoopGuardOptions,
  type Random,
  type RetryPolicy,
} from '@/lib/engine';
import { adapterFor } from '../adapters';
import { envVar, type RawEnvVar } from '@/lib/env';

export interface ExecutionDeps {
  db: PrismaClient;
  /** The pool under `db`: the hot path's statements run on it without the ORM (ADR 0020). */
  pool: pg.Pool;
  adapters: (kind: AgentKind) => AgentAdapter;
  now: () => Date;
  random: Random;
  retryPolicy: RetryPolicy;
  /** Request-wide protection (attempt cap, identical calls). */
  loopGuard: LoopGuardOptions;
  /**
   * How often a running attempt checks whether it was cancelled (ms): the fallback only. A cancel
   * reaches the call at once through NOTIFY `baton_cancel` (lib/server/notifications.ts); the poll
   * catches one sent while the listening connection was down.
   */
  cancelPollMs: number;
  /** How long a task waits before trying again when every capable agent is busy (ms). */
  capacityWaitMs: number;
  /** How many times a task waits for capacity before it fails. */
  maxCapacityWaits: number;
  /**
   * How many times an attempt whose worker stopped is sent again, with the same idempotency key,
   * before it counts as failed (`network`) and the retry policy takes over.
   */
  maxRedeliveries: number;
  /** Upper bound for a CancelTask sent to a remote agent (ms). */
  remoteCancelTimeoutMs: number;
  /** Upper bound for the synthesis call (ms). */
  synthesisTimeoutMs: number;
}

function intFromEnv(name: RawEnvVar, fallback: number, min = 1): number {
  const raw = envVar(name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got "${raw}".`);
  }
  return value;
}

/** Defaults, with the documented environment overrides (README → Configuration). */
export function createExecutionDeps(
  db: PrismaClient,
  overrides: Partial<ExecutionDeps> = {},
): ExecutionDeps {
  const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
  return {
    db,
    pool: overrides.pool ?? poolOf(db),
    adapters: adapterFor,
    now: () => new Date(),
    random: mulberry32(seed),
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      maxAttempts: intFromEnv('BATON_RETRY_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts),
      baseDelayMs: intFromEnv('BATON_RETRY_BASE_DELAY_MS', DEFAULT_RETRY_POLICY.baseDelayMs, 0),
    },
    loopGuard: {
      ...DEFAULT_LOOP_GUARD_OPTIONS,
      maxAttempts: intFromEnv(
        'BATON_MAX_ATTEMPTS_PER_REQUEST',
        DEFAULT_LOOP_GUARD_OPTIONS.maxAttempts,
      ),
    },
    cancelPollMs: 5_000,
    capacityWaitMs: 500,
    maxCapacityWaits: 1200,
    maxRedeliveries: 3,
    remoteCancelTimeoutMs: 5_000,
    synthesisTimeoutMs: 60_000,
    ...overrides,
  };
}

/**
 * Transaction limits for the executor: under load (many submissions at once on a small machine) a
 * transaction may wait for a pooled connection longer than Prisma's 2 s default, and a 200-task plan
 * takes longer than its 5 s default to write.
 */
export const TX_OPTIONS = { maxWait: 15_000, timeout: 60_000 } as const;

/** `db.$transaction(fn)` with TX_OPTIONS. */
export function inTx<T>(
  db: PrismaClient,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { maxWait?: number; timeout?: number } = TX_OPTIONS,
): Promise<T> {
  return db.$transaction(fn, options);
}
