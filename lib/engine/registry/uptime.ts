import { AGENT_STATUSES, type AgentStatus } from '../types';

/**
 * Uptime from an agent's status history (the append-only StatusTransition rows).
 *
 * What counts:
 * - up: ACTIVE and DEGRADED — the agent accepted new work (a degraded agent is slow, not down).
 * - down: FAILED and INACTIVE — the agent could not be given work. INACTIVE counts as down because it
 *   is open-ended: an agent switched off for a week was unavailable for that week.
 * - planned (excluded from the ratio): MAINTENANCE and DRAINING — announced, time-boxed work by an
 *   operator; counting it would punish operators for doing maintenance properly. It is still
 *   reported (`maintenanceMs`) so it cannot hide.
 *
 * uptimeRatio = up / (up + down). It is null when the agent did not exist during the window, or when
 * the whole time it existed was planned downtime (0/0 has no honest value).
 */
export const UPTIME_CLASSES = ['up', 'down', 'planned'] as const;
export type UptimeClass = (typeof UPTIME_CLASSES)[number];

export const UPTIME_CLASS_OF = {
  ACTIVE: 'up',
  DEGRADED: 'up',
  DRAINING: 'planned',
  MAINTENANCE: 'planned',
  INACTIVE: 'down',
  FAILED: 'down',
} as const satisfies Record<AgentStatus, UptimeClass>;

export const UPTIME_WINDOWS = ['24h', '7d', '30d'] as const;
export type UptimeWindow = (typeof UPTIME_WINDOWS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const UPTIME_WINDOW_MS = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
} as const satisfies Record<UptimeWindow, number>;

/** Chart buckets per window: hourly for 24h, daily for 7d and 30d. */
export const DEFAULT_UPTIME_BUCKETS = {
  '24h': 24,
  '7d': 7,
  '30d': 30,
} as const satisfies Record<UptimeWindow, number>;

export interface StatusChange {
  to: AgentStatus;
  /** Epoch ms. */
  at: number;
}

export interface UptimeOptions {
  /**
   * The status between registration and the first recorded transition (normally there is a
   * transition at registration, so this rarely matters). Default ACTIVE, the schema's default.
   */
  initialStatus: AgentStatus;
}

export const DEFAULT_UPTIME_OPTIONS: Readonly<UptimeOptions> = Object.freeze({
  initialStatus: 'ACTIVE',
});

export interface StatusSegment {
  status: AgentStatus;
  from: number;
  to: number;
}

export interface UptimeSummary {
  from: number;
  to: number;
  uptimeRatio: number | null;
  upMs: number;
  downMs: number;
  /** Planned downtime: MAINTENANCE plus DRAINING. */
  maintenanceMs: number;
  byStatus: Record<AgentStatus, number>;
}

export interface UptimeReport extends UptimeSummary {
  window: UptimeWindow;
  /** Consecutive spans of one status inside the window (from registration at the earliest). */
  segments: StatusSegment[];
}

/**
 * Uptime over the `window` ending at `now`. `transitions` should be sorted by `at` (a copy is sorted
 * anyway; ties keep their order, the later one wins); entries before the window set the status at its
 * start, entries after `now` are ignored. Time before `registeredAt` is never counted.
 */
export function computeUptime(
  transitions: readonly StatusChange[],
  window: UptimeWindow,
  now: number,
  registeredAt: number,
  options: UptimeOptions = DEFAULT_UPTIME_OPTIONS,
): UptimeReport {
  const windowStart = now - UPTIME_WINDOW_MS[window];
  const segments = buildSegments(transitions, windowStart, now, registeredAt, options);
  return { window, ...summarize(segments, windowStart, now), segments };
}

export interface BucketOptions extends UptimeOptions {
  /** Number of equal buckets the window is cut into. Default DEFAULT_UPTIME_BUCKETS[window]. */
  buckets?: number;
}

/** Per-bucket uptime over the window ending at `now`, oldest bucket first, for a chart. */
export function bucketUptime(
  transitions: readonly StatusChange[],
  window: UptimeWindow,
  now: number,
  registeredAt: number,
  options: Partial<BucketOptions> = {},
): UptimeSummary[] {
  const count = options.buckets ?? DEFAULT_UPTIME_BUCKETS[window];
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Bucket count must be an integer ≥ 1, got ${count}.`);
  }
  const resolved = { ...DEFAULT_UPTIME_OPTIONS, ...options };
  const span = UPTIME_WINDOW_MS[window];
  const windowStart = now - span;
  const segments = buildSegments(transitions, windowStart, now, registeredAt, resolved);
  return Array.from({ length: count }, (_, index) => {
    const from = windowStart + Math.round((index * span) / count);
    const to = windowStart + Math.round(((index + 1) * span) / count);
    return summarize(segments, from, to);
  });
}

/** The statuses covering [max(from, registeredAt), to], merged where the status did not change. */
function buildSegments(
  transitions: readonly StatusChange[],
  from: number,
  to: number,
  registeredAt: number,
  options: UptimeOptions,
): StatusSegment[] {
  const start = Math.max(from, registeredAt);
  if (start >= to) return [];
  const sorted = [...transitions].sort((a, b) => a.at - b.at);
  let status = statusAt(sorted, start, options.initialStatus);
  const segments: StatusSegment[] = [];
  let cursor = start;
  for (const change of sorted) {
    if (change.at <= start) continue;
    if (change.at >= to) break;
    pushSegment(segments, { status, from: cursor, to: change.at });
    status = change.to;
    cursor = change.at;
  }
  pushSegment(segments, { status, from: cursor, to });
  return segments;
}

/** The status in force at `time`: the last change at or before it. */
function statusAt(
  sorted: readonly StatusChange[],
  time: number,
  fallback: AgentStatus,
): AgentStatus {
  let status = fallback;
  for (const change of sorted) {
    if (change.at > time) break;
    status = change.to;
  }
  return status;
}

function pushSegment(segments: StatusSegment[], segment: StatusSegment): void {
  if (segment.to <= segment.from) return;
  const last = segments.at(-1);
  if (last && last.status === segment.status && last.to === segment.from) {
    last.to = segment.to;
    return;
  }
  segments.push(segment);
}

/** Totals of the parts of `segments` that fall inside [from, to]. */
function summarize(segments: readonly StatusSegment[], from: number, to: number): UptimeSummary {
  const byStatus = emptyByStatus();
  for (const segment of segments) {
    const overlap = Math.min(segment.to, to) - Math.max(segment.from, from);
    if (overlap > 0) byStatus[segment.status] += overlap;
  }
  const byClass = { up: 0, down: 0, planned: 0 } satisfies Record<UptimeClass, number>;
  for (const status of AGENT_STATUSES) byClass[UPTIME_CLASS_OF[status]] += byStatus[status];
  const counted = byClass.up + byClass.down;
  return {
    from,
    to,
    uptimeRatio: counted === 0 ? null : byClass.up / counted,
    upMs: byClass.up,
    downMs: byClass.down,
    maintenanceMs: byClass.planned,
    byStatus,
  };
}

function emptyByStatus(): Record<AgentStatus, number> {
  return Object.fromEntries(AGENT_STATUSES.map((status) => [status, 0])) as Record<
    AgentStatus,
    number
  >;
}
