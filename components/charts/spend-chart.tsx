'use client';

import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SpendPoint } from './spend-series';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from './chart-style';

/** Axis ticks: "$0", "$14", "$0.50" — cents only where a tick is not a whole dollar. */
function formatTick(dollars: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: Number.isInteger(dollars) ? 0 : 2,
  }).format(dollars);
}

/**
 * Spend per UTC day as bars (Overview, agent page). With `limit`, a daily budget's limit is drawn as
 * a red rule (the burn-down charts' style) and the axis always reaches it.
 */
export function SpendChart({
  data,
  caption,
  limit,
}: {
  data: SpendPoint[];
  /** What the chart shows, for screen readers, e.g. "Spend per day over the last 7 days (UTC)". */
  caption: string;
  limit?: { dollars: number; label: string };
}) {
  return (
    <figure>
      <BarChart
        responsive
        data={data}
        style={{ width: '100%', height: 240 }}
        margin={CHART_MARGIN}
        accessibilityLayer
      >
        <CartesianGrid {...GRID_PROPS} />
        <XAxis dataKey="label" {...AXIS_PROPS} />
        <YAxis
          width={56}
          {...AXIS_PROPS}
          tickFormatter={formatTick}
          domain={limit ? [0, (max: number) => Math.max(max, limit.dollars) * 1.05] : undefined}
        />
        <Tooltip
          cursor={{ fill: 'var(--color-accent-50)' }}
          formatter={(_value, _name, item) => [(item.payload as SpendPoint).formatted, 'Spend']}
        />
        {/* No grow-in animation: the chart is redrawn on every visit and motion adds nothing here. */}
        <Bar
          dataKey="dollars"
          fill="var(--color-accent-600)"
          radius={[4, 4, 0, 0]}
          isAnimationActive={false}
        />
        {limit ? (
          <ReferenceLine
            y={limit.dollars}
            stroke="var(--color-status-failed)"
            strokeDasharray="4 2"
            label={{
              value: limit.label,
              position: 'insideTopRight',
              fill: 'var(--color-status-failed)',
              fontSize: 12,
            }}
          />
        ) : null}
      </BarChart>
      {/* The same numbers as text, for screen readers (the drawing itself says little). */}
      <figcaption className="sr-only">
        {caption}: {data.map((point) => `${point.label}: ${point.formatted}`).join('; ')}
        {limit ? `. ${limit.label}` : ''}.
      </figcaption>
    </figure>
  );
}
