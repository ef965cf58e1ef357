/**
 * The look every Baton chart shares (Recharts props), so the spend, uptime and latency charts stay
 * consistent: design-token colours, no tick lines, a light horizontal grid.
 */
export const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 } as const;

export const GRID_PROPS = { vertical: false, stroke: 'var(--color-line)' } as const;

export const AXIS_PROPS = {
  tickLine: false,
  axisLine: false,
  tick: { fill: 'var(--color-ink-muted)', fontSize: 12 },
} as const;
