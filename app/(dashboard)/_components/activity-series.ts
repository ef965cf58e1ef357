import type { LiveActivity } from '@/lib/db/repositories/activity';

/**
 * The last hour of agent calls as 60 one-minute buckets (oldest first, zero-filled) for the
 * throughput chart, and the hour's totals: calls finished, failed (cancelled calls count as neither
 * success nor error), error rate.
 */

export interface ActivityPoint {
  /** "14:03" (UTC). */
  label: string;
  succeeded: number;
  failed: number;
}

export interface HourTotals {
  finished: number;
  failed: number;
  /** failed ÷ (succeeded + failed); null without any call. */
  errorRate: number | null;
  /** Finished calls per minute, averaged over the hour. */
  perMinute: number;
}

const MINUTE_MS = 60_000;

export function activitySeries(activity: Pick<LiveActivity, 'at' | 'lastHour'>): ActivityPoint[] {
  const end = Math.floor(Date.parse(activity.at) / MINUTE_MS) * MINUTE_MS;
  const points = new Map<number, ActivityPoint>();
  for (let i = 59; i >= 0; i -= 1) {
    const t = end - i * MINUTE_MS;
    points.set(t, { label: new Date(t).toISOString().slice(11, 16), succeeded: 0, failed: 0 });
  }
  for (const row of activity.lastHour) {
    const point = points.get(Date.parse(row.minute));
    if (!point) continue;
    if (row.status === 'succeeded') point.succeeded += row.count;
    else if (row.status === 'failed') point.failed += row.count;
  }
  return [...points.values()];
}

export function hourTotals(activity: Pick<LiveActivity, 'lastHour'>): HourTotals {
  let succeeded = 0;
  let failed = 0;
  let finished = 0;
  for (const row of activity.lastHour) {
    finished += row.count;
    if (row.status === 'succeeded') succeeded += row.count;
    if (row.status === 'failed') failed += row.count;
  }
  return {
    finished,
    failed,
    errorRate: succeeded + failed === 0 ? null : failed / (succeeded + failed),
    perMinute: finished / 60,
  };
}
