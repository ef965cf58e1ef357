import type { AttemptStatus } from '../types';
import type { RequestSnapshot } from './types';

/**
 * The Gantt view of a request: one lane per agent (in order of first use), one bar per attempt,
 * placed as fractions of the span from the first start to the last end (`now` for running ones).
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

export interface TimelineLane {
  agent: string;
  bars: TimelineBar[];
}

export interface Timeline {
  start: number;
  end: number;
  lanes: TimelineLane[];
}

/** Bars narrower than this fraction are drawn at this width, so a 1 ms call stays visible. */
const MIN_WIDTH = 0.004;

export function buildTimeline(snapshot: RequestSnapshot, now?: number): Timeline | null {
  const attempts = snapshot.tasks.flatMap((task) =>
    task.attempts.map((attempt) => ({ task, attempt })),
  );
  if (attempts.length === 0) return null;
  const endOf = (a: (typeof attempts)[number]['attempt']) =>
    a.finishedAt ?? Math.max(now ?? a.startedAt, a.startedAt);
  const start = Math.min(...attempts.map(({ attempt }) => attempt.startedAt));
  const end = Math.max(start + 1, ...attempts.map(({ attempt }) => endOf(attempt)));
  const span = end - start;
  const lanes = new Map<string, TimelineBar[]>();
  for (const { task, attempt } of attempts.sort(
    (a, b) => a.attempt.startedAt - b.attempt.startedAt || a.attempt.number - b.attempt.number,
  )) {
    const agent = attempt.agent ?? 'deleted agent';
    const barEnd = endOf(attempt);
    const offset = (attempt.startedAt - start) / span;
    const bar: TimelineBar = {
      taskId: task.id,
      ref: task.ref,
      attempt: attempt.number,
      status: attempt.status,
      start: attempt.startedAt,
      end: barEnd,
      offset,
      width: Math.min(1 - offset, Math.max(MIN_WIDTH, (barEnd - attempt.startedAt) / span)),
    };
    lanes.set(agent, [...(lanes.get(agent) ?? []), bar]);
  }
  return { start, end, lanes: [...lanes].map(([agent, bars]) => ({ agent, bars })) };
}
