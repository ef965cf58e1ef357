'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from '@/components/charts/chart-style';

export interface BurnDownPoint {
  at: number;
  /** Dollars, for drawing only. */
  actual?: number;
  forecast?: number;
}

const formatTick = (dollars: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: Number.isInteger(dollars) ? 0 : 2,
  }).format(dollars);

/** Spend so far (solid), the forecast (dashed) and the limit (a red rule). Times are UTC. */
export function BudgetBurnDownChart({
  points,
  limit,
  start,
  end,
  isHourly,
  caption,
}: {
  points: BurnDownPoint[];
  limit: number;
  start: number;
  end: number;
  isHourly: boolean;
  caption: string;
}) {
  const tick = (at: number) => {
    const iso = new Date(at).toISOString();
    return isHourly ? `${iso.slice(11, 13)}:00` : iso.slice(5, 10);
  };
  return (
    <figure>
      <LineChart
        responsive
        data={points}
        style={{ width: '100%', height: 200 }}
        margin={CHART_MARGIN}
        accessibilityLayer
      >
        <CartesianGrid {...GRID_PROPS} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={[start, end]}
          tickFormatter={tick}
          {...AXIS_PROPS}
        />
        <YAxis
          width={56}
          {...AXIS_PROPS}
          tickFormatter={formatTick}
          domain={[0, (max: number) => Math.max(max, limit) * 1.05]}
        />
        <Tooltip
          labelFormatter={(at) => new Date(Number(at)).toISOString().slice(0, 16).replace('T', ' ')}
          formatter={(value, name) => [formatTick(Number(value)), String(name)]}
        />
        <ReferenceLine y={limit} stroke="var(--color-status-failed)" strokeDasharray="4 2" />
        <Line
          dataKey="actual"
          name="Spent"
          stroke="var(--color-accent-600)"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="forecast"
          name="Forecast"
          stroke="var(--color-accent-300)"
          strokeDasharray="6 4"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
      <figcaption className="sr-only">{caption}</figcaption>
    </figure>
  );
}
