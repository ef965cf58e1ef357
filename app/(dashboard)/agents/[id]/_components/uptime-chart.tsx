'use client';

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import type { UptimePoint, UptimeTone } from './uptime-series';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from '@/components/charts/chart-style';

const TONE_FILL = {
  up: 'var(--color-status-active)',
  partial: 'var(--color-status-degraded)',
  down: 'var(--color-status-failed)',
  none: 'transparent',
} as const satisfies Record<UptimeTone, string>;

/**
 * Uptime per bucket (hour or day) as bars from 0 to 100 %, green when fully up, amber when partly
 * down, red when mostly down; buckets with nothing to count are gaps.
 */
export function UptimeChart({ data, windowLabel }: { data: UptimePoint[]; windowLabel: string }) {
  return (
    <figure>
      <BarChart
        responsive
        data={data}
        style={{ width: '100%', height: 200 }}
        margin={CHART_MARGIN}
        accessibilityLayer
      >
        <CartesianGrid {...GRID_PROPS} />
        <XAxis dataKey="label" {...AXIS_PROPS} minTickGap={16} />
        <YAxis
          width={48}
          domain={[0, 100]}
          ticks={[0, 50, 100]}
          {...AXIS_PROPS}
          tickFormatter={(value: number) => `${value}%`}
        />
        <Tooltip
          cursor={{ fill: 'var(--color-accent-50)' }}
          labelFormatter={(_label, payload) => (payload?.[0]?.payload as UptimePoint)?.range ?? ''}
          formatter={(_value, _name, item) => [(item.payload as UptimePoint).text, 'Uptime']}
        />
        {/* minPointSize keeps a 0 % bucket visible as a red stub, unlike a bucket with no data. */}
        <Bar
          dataKey="percent"
          radius={[3, 3, 0, 0]}
          minPointSize={(value) => (value == null ? 0 : 3)}
          isAnimationActive={false}
        >
          {data.map((point) => (
            <Cell key={point.from} fill={TONE_FILL[point.tone]} />
          ))}
        </Bar>
      </BarChart>
      <figcaption className="sr-only">
        Uptime over the last {windowLabel} (UTC):{' '}
        {data.map((point) => `${point.range}: ${point.text}`).join('; ')}.
      </figcaption>
    </figure>
  );
}
