import type { AttemptStatus } from '../types';
import type { RequestSnapshot, AttemptSummary } from './types';

/**
 * The Gantt view of a request: one lane per agent (in order of first use), one bar per attempt,
 * placed as fractions of the span from the first start to the last end (`now` for running ones).
 *
 * At scale the view is summarised, so a 5,000-task request never draws 5,000 bars: a lane with more
 * than `maxBarsPerLane` attempts is drawn as `buckets` equal slices of the span, each one bar
 * saying how many attempts started in it and in which statuses; lanes past `maxLanes` are counted
 * (`hiddenLanes`), not drawn. What a screen shows stays bounded by maxLanes × max(maxBarsPerLane,
 * buckets), however large the request.
 */

export interface TimelineBar {
  taskId: string;
  ref: string;
  attempt: number;
  status: AttemptStatus;
  start: number;
  end: number;
  /** 0–1 of the timeline's span. */
  offset: number;
  width: number;
}

/** The attempts of one lane that started within one slice of the span. */
export interface TimelineBucket {
  start: number;
  end: number;
  offset: number;
  width: number;
  /** Attempts that started in this slice. */
  attempts: number;
  /** How many of them are in each status (only statuses that occur). */
  counts: Partial<Record<AttemptStatus, number>>;
  /** The status drawn: a failure outranks running, running outranks the rest, then the most. */
  status: AttemptStatus;
}

export interface TimelineLane {
  agent: string;
  /** Every attempt of this agent. */
  attempts: number;
  /** One bar per attempt; empty when the lane is summarised. */
  bars: TimelineBar[];
  /** Set when the lane has too many attempts for a bar each. */
  buckets: TimelineBucket[] | null;
}

export interface Timeline {
  start: number;
  end: number;
  /** Every attempt of the request. */
  attempts: number;
  lanes: TimelineLane[];
  /** Agents used but not drawn (beyond `maxLanes`). */
  hiddenLanes: number;
}

export interface TimelineOptions {
  /** Draws running attempts up to this time. */
  now?: number;
  /** Above this many attempts a lane is drawn in buckets. */
  maxBarsPerLane?: number;
  /** Slices of the span in a summarised lane. */
  buckets?: number;
  /** Lanes drawn; the rest are counted. */
  maxLanes?: number;
}

export const TIMELINE_LIMITS = { maxBarsPerLane: 200, buckets: 60, maxLanes: 25 } as const;

/** Bars narrower than this fraction are drawn at this width, so a 1 ms call stays visible. */
const MIN_WIDTH = 0.004;

/** The bucket's drawn status: what an operator must not miss first. */
const BUCKET_PRIORITY: readonly AttemptStatus[] = ['failed', 'running', 'cancelled'];

export function buildTimeline(
  snapshot: RequestSnapshot,
  options: TimelineOptions = {},
): Timeline | null {
  const now = options.now;
  const maxBars = options.maxBarsPerLane ?? TIMELINE_LIMITS.maxBarsPerLane;
  const bucketCount = Math.max(1, options.buckets ?? TIMELINE_LIMITS.buckets);
  const maxLanes = options.maxLanes ?? TIMELINE_LIMITS.maxLanes;

  const attempts: { taskId: string; ref: string; attempt: AttemptSummary }[] = [];
  for (const task of snapshot.tasks) {
    for (const attempt of task.attempts) attempts.push({ taskId: task.id, ref: task.ref, attempt });
  }
  if (attempts.length === 0) return null;
  const endOf = (a: AttemptSummary) => a.finishedAt ?? Math.max(now ?? a.startedAt, a.startedAt);
  let start = Infinity;
  let last = -Infinity;
  for (const { attempt } of attempts) {
    start = Math.min(start, attempt.startedAt);
    last = Math.max(last, endOf(attempt));
  }
  const end = Math.max(start + 1, last);
  const span = end - start;
  attempts.sort(
    (a, b) => a.attempt.startedAt - b.attempt.startedAt || a.attempt.number - b.attempt.number,
  );
  const byAgent = new Map<string, typeof attempts>();
  for (const item of attempts) {
    const agent = item.attempt.agent ?? 'deleted agent';
    const lane = byAgent.get(agent);
    if (lane) lane.push(item);
    else byAgent.set(agent, [item]);
  }

  const lanes: TimelineLane[] = [];
  for (const [agent, items] of byAgent) {
    if (lanes.length >= maxLanes) break;
    if (items.length > maxBars) {
      lanes.push({
        agent,
        attempts: items.length,
        bars: [],
        buckets: bucketize(items, start, span, bucketCount, endOf),
      });
      continue;
    }
    const bars = items.map(({ taskId, ref, attempt }): TimelineBar => {
      const barEnd = endOf(attempt);
      const offset = (attempt.startedAt - start) / span;
      return {
        taskId,
        ref,
        attempt: attempt.number,
        status: attempt.status,
        start: attempt.startedAt,
        end: barEnd,
        offset,
        width: Math.min(1 - offset, Math.max(MIN_WIDTH, (barEnd - attempt.startedAt) / span)),
      };
    });
    lanes.push({ agent, attempts: items.length, bars, buckets: null });
  }
  return { start, end, attempts: attempts.length, lanes, hiddenLanes: byAgent.size - lanes.length };
}

function bucketize(
  items: readonly { attempt: AttemptSummary }[],
  start: number,
  span: number,
  count: number,
  endOf: (attempt: AttemptSummary) => number,
): TimelineBucket[] {
  const slots: { attempts: number; end: number; counts: Partial<Record<AttemptStatus, number>> }[] =
    [];
  for (const { attempt } of items) {
    const index = Math.min(count - 1, Math.floor(((attempt.startedAt - start) / span) * count));
    const slot = (slots[index] ??= { attempts: 0, end: 0, counts: {} });
    slot.attempts += 1;
    slot.end = Math.max(slot.end, endOf(attempt));
    slot.counts[attempt.status] = (slot.counts[attempt.status] ?? 0) + 1;
  }
  const buckets: TimelineBucket[] = [];
  slots.forEach((slot, index) => {
    if (!slot) return;
    const offset = index / count;
    buckets.push({
      start: start + (span * index) / count,
      end: start + (span * (index + 1)) / count,
      offset,
      width: 1 / count,
      attempts: slot.attempts,
      counts: slot.counts,
      status: dominantStatus(slot.counts),
    });
  });
  return buckets;
}

function dominantStatus(counts: Partial<Record<AttemptStatus, number>>): AttemptStatus {
  for (const status of BUCKET_PRIORITY) if (counts[status]) return status;
  let best: AttemptStatus = 'succeeded';
  let most = 0;
  for (const [status, n] of Object.entries(counts) as [AttemptStatus, number][]) {
    if (n > most) {
      best = status;
      most = n;
    }
  }
  return best;
}
