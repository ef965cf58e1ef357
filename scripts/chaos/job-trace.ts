/**
 * What happened to a task's job between a sweep and the claim (issue 12, `kills`): the scenario
 * polls graphile-worker's jobs every `intervalMs` and keeps each change of a task job's lock
 * (who locked it, when, its attempts and run_at), so a slow re-dispatch can be explained — picked
 * up late, picked up by a worker that died too before it claimed, or waiting for its run_at.
 *
 * `traceJobs` gathers; `explainRedispatch` (pure) reads one task's history after a sweep.
 */
import pg from 'pg';

export interface JobSnapshot {
  at: number;
  /** null: the job row is gone (completed) or not locked. */
  lockedBy: string | null;
  attempts: number;
  runAt: number;
}

export interface JobTracer {
  /** Per task id, each change of its job's lock state, oldest first. */
  history: Map<string, JobSnapshot[]>;
  stop(): Promise<void>;
}

export function traceJobs(databaseUrl: string, intervalMs = 100): JobTracer {
  const history = new Map<string, JobSnapshot[]>();
  const client = new pg.Client({ connectionString: databaseUrl });
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const at = Date.now();
      const { rows } = await client.query<{
        key: string;
        locked_by: string | null;
        attempts: number;
        run_at: Date;
      }>(`SELECT key, locked_by, attempts, run_at FROM graphile_worker._private_jobs
          WHERE key LIKE 'task:%'`);
      const seen = new Set<string>();
      for (const row of rows) {
        const taskId = row.key.slice('task:'.length);
        seen.add(taskId);
        const list = history.get(taskId) ?? [];
        const last = list.at(-1);
        const runAt = row.run_at.getTime();
        if (
          !last ||
          last.lockedBy !== row.locked_by ||
          last.attempts !== row.attempts ||
          last.runAt !== runAt
        ) {
          list.push({ at, lockedBy: row.locked_by, attempts: row.attempts, runAt });
          history.set(taskId, list);
        }
      }
      for (const [taskId, list] of history) {
        const last = list.at(-1)!;
        // The row is gone (the job completed): recorded once, as attempts -1.
        if (!seen.has(taskId) && last.attempts !== -1) {
          list.push({ at, lockedBy: null, attempts: -1, runAt: 0 });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })().catch(() => {});
  return {
    history,
    async stop() {
      running = false;
      await loop;
      await client.end().catch(() => {});
    },
  };
}

export interface RedispatchStory {
  /** Worker pools that locked the job after the sweep and before the claim, in order. */
  pickups: { pool: string; at: number }[];
  /** From the sweep to the first pickup after it. */
  firstPickupMs: number | null;
  /** Pickups by pools that died before claiming (every pickup but the last). */
  diedBeforeClaim: number;
  /** The job's run_at was in the future after the sweep (a backoff). */
  runAtDelayMs: number;
}

/** The job's story between a sweep (`sweptAt`) and the claim (`claimedAt`). */
export function explainRedispatch(
  history: readonly JobSnapshot[],
  sweptAt: number,
  claimedAt: number,
): RedispatchStory {
  const window = history.filter((s) => s.at >= sweptAt - 150 && s.at <= claimedAt + 150);
  const pickups: { pool: string; at: number }[] = [];
  let previous = history.filter((s) => s.at < sweptAt - 150).at(-1)?.lockedBy ?? null;
  let runAtDelayMs = 0;
  for (const snap of window) {
    if (snap.lockedBy === null) runAtDelayMs = Math.max(runAtDelayMs, snap.runAt - snap.at);
    if (snap.lockedBy !== null && snap.lockedBy !== previous && snap.at >= sweptAt - 150) {
      pickups.push({ pool: snap.lockedBy, at: snap.at });
    }
    previous = snap.lockedBy;
  }
  return {
    pickups,
    firstPickupMs: pickups[0] ? Math.max(0, pickups[0].at - sweptAt) : null,
    diedBeforeClaim: Math.max(0, pickups.length - 1),
    runAtDelayMs: Math.max(0, runAtDelayMs),
  };
}
