'use client';

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from '@/components/charts/chart-style';

export interface StackedSeries {
  key: string;
  label: string;
  formatted: string;
}
export interface StackedPoint {
  label: string;
  /** Dollars per series key, for drawing only (the text figures come from integer micros). */
  values: Record<string, number>;
  formatted: string;
}

// Design-token colours in a fixed order: the largest series always gets the accent.
const COLOURS = [
  'var(--color-accent-600)',
  'var(--color-accent-300)',
  'var(--color-status-degraded, #d97706)',
  'var(--color-status-healthy, #16a34a)',
  'var(--color-status-failed, #dc2626)',
  'var(--color-slate-400, #94a3b8)',
];

const formatTick = (dollars: number) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: Number.isInteger(dollars) ? 0 : 2,
  }).format(dollars);

export function StackedSpendChart({
  series,
  points,
  caption,
}: {
  series: StackedSeries[];
  points: StackedPoint[];
  caption: string;
}) {
  const data = points.map((p) => ({ label: p.label, formatted: p.formatted, ...p.values }));
  return (
    <figure className="px-5 py-4">
      <BarChart
        responsive
        data={data}
        style={{ width: '100%', height: 260 }}
        margin={CHART_MARGIN}
        accessibilityLayer
      >
        <CartesianGrid {...GRID_PROPS} />
        <XAxis dataKey="label" {...AXIS_PROPS} />
        <YAxis width={56} {...AXIS_PROPS} tickFormatter={formatTick} />
        <Tooltip
          cursor={{ fill: 'var(--color-accent-50)' }}
          formatter={(value, name) => [formatTick(Number(value)), String(name)]}
        />
        {series.map((s, i) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="spend"
            fill={COLOURS[i % COLOURS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
      <ul aria-label="Chart legend" className="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {series.map((s, i) => (
          <li key={s.key} className="flex items-center gap-2">
            <span
              aria-hidden
              className="inline-block size-3 rounded-sm"
              style={{ background: COLOURS[i % COLOURS.length] }}
            />
            {s.label} <span className="text-ink-muted tabular-nums">{s.formatted}</span>
          </li>
        ))}
      </ul>
      <figcaption className="sr-only">
        {caption}: {points.map((p) => `${p.label}: ${p.formatted}`).join('; ')}.
      </figcaption>
    </figure>
  );
}
