import { formatDateTime } from '@/lib/format';
import { formatRatio } from '../../_components/agent-format';
import type { UptimeWindow } from './agent-page-params';

/** One bar of the uptime chart (plain numbers and strings: it crosses into a client component). */
export interface UptimePoint {
  /** Bucket start, epoch ms. */
  from: number;
  /** Axis label: the hour ("14:00") for 24 h, the day ("Jan 5") for 7 and 30 days, UTC. */
  label: string;
  /** The bucket's span for the tooltip. */
  range: string;
  /** 0..100, for the bar's height; null where nothing counts (before registration, or only planned maintenance). */
  percent: number | null;
  /** The same for people: "99.5%", or "No data". */
  text: string;
  /** Bar colour: all up, partly down, or (almost) all down. */
  tone: UptimeTone;
}

export type UptimeTone = 'up' | 'partial' | 'down' | 'none';

/** Below this share a bucket reads as an outage rather than a blip. */
const OUTAGE_BELOW = 0.5;

export function uptimeTone(ratio: number | null): UptimeTone {
  if (ratio === null) return 'none';
  if (ratio >= 1) return 'up';
  return ratio < OUTAGE_BELOW ? 'down' : 'partial';
}

const DAY = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function buildUptimeSeries(
  buckets: readonly { from: number; to: number; uptimeRatio: number | null }[],
  window: UptimeWindow,
): UptimePoint[] {
  return buckets.map((bucket) => ({
    from: bucket.from,
    label:
      window === '24h'
        ? new Date(bucket.from).toISOString().slice(11, 16)
        : DAY.format(new Date(bucket.from)),
    range: `${formatDateTime(new Date(bucket.from))} – ${formatDateTime(new Date(bucket.to))}`,
    percent: bucket.uptimeRatio === null ? null : bucket.uptimeRatio * 100,
    text: bucket.uptimeRatio === null ? 'No data' : formatRatio(bucket.uptimeRatio),
    tone: uptimeTone(bucket.uptimeRatio),
  }));
}
