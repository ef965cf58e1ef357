'use client';

import {
  CartesianGrid,
  ComposedChart,
  Line,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
  type TooltipValueType,
} from 'recharts';
import { formatLatency } from '../../_components/agent-format';
import type { LatencyPoint } from './latency-series';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from '@/components/charts/chart-style';

/** Latency of the recent health checks; failed checks are red markers (on the axis when unanswered). */
export function LatencyChart({ data }: { data: LatencyPoint[] }) {
  return (
    <figure>
      <ComposedChart
        responsive
        data={data}
        style={{ width: '100%', height: 220 }}
        margin={CHART_MARGIN}
        accessibilityLayer
      >
        <CartesianGrid {...GRID_PROPS} />
        <XAxis dataKey="label" {...AXIS_PROPS} minTickGap={24} />
        <YAxis
          width={72}
          allowDecimals={false}
          {...AXIS_PROPS}
          tickFormatter={(value: number) => `${value} ms`}
        />
        <Tooltip content={LatencyTooltip} />
        <Line
          dataKey="latencyMs"
          name="Latency"
          stroke="var(--color-accent-600)"
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Scatter
          dataKey="failedMarkMs"
          name="Failed check"
          fill="var(--color-status-failed)"
          isAnimationActive={false}
        />
      </ComposedChart>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-ink-muted">
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="h-0.5 w-4 rounded bg-accent-600" />
          Latency
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-full bg-status-failed" />
          Failed check
        </span>
        <span className="sr-only">
          {data
            .map(
              (point) =>
                `${point.time}: ${point.ok ? 'passed' : 'failed'}, ${formatLatency(point.latencyMs)}`,
            )
            .join('; ')}
        </span>
      </figcaption>
    </figure>
  );
}

function LatencyTooltip({
  active,
  payload,
}: TooltipContentProps<TooltipValueType, string | number>) {
  const point = payload?.[0]?.payload as LatencyPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="max-w-xs rounded-md border border-line bg-surface px-3 py-2 text-xs text-ink shadow-sm">
      <p className="font-medium">{point.time}</p>
      <p>
        {point.ok ? 'Passed' : 'Failed'} · {formatLatency(point.latencyMs)}
      </p>
      {point.error ? <p className="mt-1 text-status-failed">{point.error}</p> : null}
    </div>
  );
}
