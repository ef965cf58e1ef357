'use client';

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { SpendPoint } from './spend-series';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from '@/components/charts/chart-style';

/** Axis ticks: "$0", "$14", "$0.50" — cents only where a tick is not a whole dollar. */
function formatTick(dollars: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: Number.isInteger(dollars) ? 0 : 2,
  }).format(dollars);
}

export function SpendChart({ data }: { data: SpendPoint[] }) {
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
        <YAxis width={56} {...AXIS_PROPS} tickFormatter={formatTick} />
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
      </BarChart>
      {/* The same numbers as text, for screen readers (the drawing itself says little). */}
      <figcaption className="sr-only">
        Spend per day over the last 7 days (UTC):{' '}
        {data.map((point) => `${point.label}: ${point.formatted}`).join('; ')}.
      </figcaption>
    </figure>
  );
}
