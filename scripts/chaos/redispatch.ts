/**
 * Where a worker-kill re-dispatch delay goes (issue 12): for every call cut by a dying worker, the
 * cut → re-receipt delay split into the phases the recovery goes through:
 *
 *   cut → dead       until the sweeper may call the pool dead: its last heartbeat + the stale
 *                    window, or (its process killed, so its sessions gone) its last heartbeat +
 *                    `deadAfterMs` once the kill has happened, whichever is first
 *   dead → swept     until a live worker's sweeper unlocked the dead pool's jobs
 *   swept → claimed  until a worker picked the job up and re-assigned the attempt (its
 *                    `attempt.started` event with `redelivery`)
 *   claimed → sent   until the agent received the call again
 *
 * Pure: the scenario gathers the rows (agent calls, heartbeats, events, the sweepers' log lines).
 */
import type { ChaosCall } from './agent';

export interface RedeliveryEvent {
  taskId: string;
  attempt: number;
  at: number;
  /** The pool id the attempt was taken from (the event's `reason` names it). */
  fromWorker: string | null;
}

export interface SweepLine {
  at: number;
  workers: string[];
}

export interface PhaseInput {
  calls: readonly ChaosCall[];
  /** Last heartbeat of each pool id (a killed pool's row stays). */
  heartbeats: ReadonlyMap<string, number>;
  redeliveries: readonly RedeliveryEvent[];
  sweeps: readonly SweepLine[];
  staleAfterMs: number;
  /** How late a heartbeat may be once its process's sessions are gone (the worker's rule). */
  deadAfterMs?: number;
  /**
   * When each pool's process was killed. A call whose worker died after the agent answered but
   * before the result was recorded is sent again too; its delay starts at the kill (the agent saw
   * no cut). Without it, only cut calls are counted.
   */
  killedAt?: ReadonlyMap<string, number>;
}

export interface CallPhases {
  taskId: string;
  /** What the delay is counted from: the agent saw the call cut, or (answered) the worker's kill. */
  from: 'cut' | 'kill';
  cutAt: number;
  /** When a sweeper released the dead pool's jobs, and when the attempt was claimed again. */
  sweptAt: number | null;
  claimedAt: number | null;
  total: number;
  cutToDead: number | null;
  deadToSwept: number | null;
  sweptToClaimed: number | null;
  claimedToSent: number | null;
  /** How the job came back: swept (a dead pool's), or another way (e.g. an orphan release). */
  via: 'sweep' | 'other';
}

const REASON = /the worker running it stopped \(([^)]+)\)/;

export function workerFromReason(reason: unknown): string | null {
  return typeof reason === 'string' ? (REASON.exec(reason)?.[1] ?? null) : null;
}

export function redispatchPhases(input: PhaseInput): CallPhases[] {
  const out: CallPhases[] = [];
  for (const call of input.calls) {
    const after = call.cutAt ?? call.receivedAt;
    const next = input.calls.find(
      (other) =>
        other !== call && other.idempotencyKey === call.idempotencyKey && other.receivedAt >= after,
    );
    if (!next) continue;
    const claim = input.redeliveries
      .filter(
        (e) =>
          e.taskId === call.taskId &&
          e.attempt === call.attempt &&
          e.at >= after - 50 &&
          e.at <= next.receivedAt + 50,
      )
      .sort((a, b) => a.at - b.at)[0];
    const from = claim?.fromWorker ?? null;
    let cutAt: number;
    if (call.cutAt !== undefined) cutAt = call.cutAt;
    else {
      // Answered, then its worker was killed before recording it: counted from that kill.
      const killedAt = from ? input.killedAt?.get(from) : undefined;
      if (!claim || killedAt === undefined || killedAt < call.receivedAt - 50) continue;
      if (killedAt > next.receivedAt) continue;
      cutAt = killedAt;
    }
    const lastBeat = from ? input.heartbeats.get(from) : undefined;
    const killed = from ? input.killedAt?.get(from) : undefined;
    let deadAt = lastBeat === undefined ? null : lastBeat + input.staleAfterMs;
    if (deadAt !== null && lastBeat !== undefined && input.deadAfterMs !== undefined) {
      const gone = killed ?? cutAt;
      deadAt = Math.min(deadAt, Math.max(lastBeat + input.deadAfterMs, gone));
    }
    const sweep = from
      ? input.sweeps
          .filter((s) => s.workers.includes(from) && s.at >= cutAt - 50)
          .sort((a, b) => a.at - b.at)[0]
      : undefined;
    const sweptAt = sweep && (!claim || sweep.at <= claim.at + 50) ? sweep.at : null;
    out.push({
      taskId: call.taskId,
      from: call.cutAt !== undefined ? 'cut' : 'kill',
      cutAt,
      sweptAt,
      claimedAt: claim?.at ?? null,
      total: next.receivedAt - cutAt,
      cutToDead: deadAt === null ? null : deadAt - cutAt,
      deadToSwept: deadAt === null || sweptAt === null ? null : sweptAt - deadAt,
      sweptToClaimed: sweptAt === null || !claim ? null : claim.at - sweptAt,
      claimedToSent: claim ? next.receivedAt - claim.at : null,
      via: sweptAt === null ? 'other' : 'sweep',
    });
  }
  return out;
}

/** The sweepers' "released the jobs of dead workers" lines from pino JSON logs. */
export function parseSweepLines(text: string): SweepLine[] {
  const lines: SweepLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('released the jobs of dead workers')) continue;
    try {
      const row = JSON.parse(line) as { time?: string | number; workers?: unknown };
      const at = typeof row.time === 'number' ? row.time : Date.parse(String(row.time));
      if (Number.isFinite(at) && Array.isArray(row.workers)) {
        lines.push({ at, workers: row.workers.map(String) });
      }
    } catch {
      // not a JSON line
    }
  }
  return lines;
}

/**
 * Whether a worker that took the job over after the kill was killed too before the call reached
 * the agent again (a compounded re-dispatch: each death of a taker costs another stale window).
 * `pickups`: the job's pickups between the sweep and the claim (job-trace.ts), each with the
 * time from the pickup to its worker's kill (null: never killed).
 */
export function takerKilled(
  phase: Pick<CallPhases, 'cutAt' | 'total'>,
  pickups: readonly { at: number; killedAfterMs: number | null }[],
): boolean {
  const sentAt = phase.cutAt + phase.total;
  return pickups.some((p) => p.killedAfterMs !== null && p.at + p.killedAfterMs < sentAt);
}
