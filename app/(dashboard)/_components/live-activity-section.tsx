'use client';

import { useQuery } from '@tanstack/react-query';
import type { Route } from 'next';
import Link from 'next/link';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_PROPS, CHART_MARGIN, GRID_PROPS } from '@/components/charts/chart-style';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { SectionHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import type { LiveActivity } from '@/lib/db/repositories/activity';
import { AGENT_STATUSES, formatUsd } from '@/lib/engine';
import { formatCount } from '@/lib/format';
import { activitySeries, hourTotals, type ActivityPoint } from './activity-series';

/** How often the section re-reads `GET /api/v1/activity` while the tab is visible. */
const REFRESH_MS = 5_000;

async function fetchActivity(): Promise<LiveActivity> {
  const response = await fetch('/api/v1/activity', { cache: 'no-store' });
  if (!response.ok) throw new Error(`Activity could not be read (${response.status}).`);
  return ((await response.json()) as { data: LiveActivity }).data;
}

/**
 * The Overview's live activity: running requests, agents by status, spend today, and the last
 * hour's throughput and error rate with a chart. One small query every 5 s, only while the tab is
 * visible (TanStack Query pauses intervals in background tabs).
 */
export function LiveActivitySection({ initial }: { initial: LiveActivity }) {
  const { data, isError } = useQuery({
    queryKey: ['live-activity'],
    queryFn: fetchActivity,
    initialData: initial,
    refetchInterval: REFRESH_MS,
    staleTime: REFRESH_MS,
  });
  const activity = data ?? initial;
  const totals = hourTotals(activity);
  const series = activitySeries(activity);
  return (
    <section aria-labelledby="activity-heading">
      <SectionHeader id="activity-heading" title="Live activity" />
      <p role="status" className="-mt-2 mb-3 text-xs text-ink-muted">
        {isError
          ? 'Could not refresh: showing the last numbers read.'
          : `Refreshed every 5 seconds · as of ${activity.at.slice(11, 19)} UTC`}
      </p>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader
            title="Running requests"
            description={`${formatCount(activity.running.total)} running now`}
          />
          {activity.running.items.length === 0 ? (
            <CardBody>
              <p className="text-sm text-ink-muted">Nothing is running.</p>
            </CardBody>
          ) : (
            <ul aria-label="Running requests" className="divide-y divide-line text-sm">
              {activity.running.items.map((item) => (
                <li key={item.id} className="px-5 py-2.5">
                  <Link
                    href={`/requests/${item.id}` as Route}
                    className="block truncate rounded-sm font-medium text-accent-700 hover:underline"
                  >
                    {item.summary}
                  </Link>
                  <span className="text-xs text-ink-muted tabular-nums">
                    {formatCount(item.finished)} of {formatCount(item.tasks)} tasks done
                    {item.active > 0 ? ` · ${formatCount(item.active)} running` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <CardHeader title="Agents and spend" />
          <CardBody className="space-y-4">
            <ul aria-label="Agents by status" className="flex flex-wrap gap-x-4 gap-y-2">
              {AGENT_STATUSES.map((status) => (
                <li key={status} className="flex items-center gap-1.5">
                  <StatusBadge status={status} />
                  <span className="text-sm font-medium tabular-nums">
                    {formatCount(activity.agents[status])}
                  </span>
                </li>
              ))}
            </ul>
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <div>
                <dt className="text-xs text-ink-muted">Spend today (UTC)</dt>
                <dd className="font-semibold tabular-nums">
                  {formatUsd(BigInt(activity.spendTodayMicros))}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-ink-muted">Error rate, last hour</dt>
                <dd className="font-semibold tabular-nums">
                  {totals.errorRate === null ? '—' : `${(totals.errorRate * 100).toFixed(1)} %`}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-ink-muted">Agent calls, last hour</dt>
                <dd className="font-semibold tabular-nums">{formatCount(totals.finished)}</dd>
              </div>
              <div>
                <dt className="text-xs text-ink-muted">Throughput</dt>
                <dd className="font-semibold tabular-nums">
                  {totals.perMinute.toFixed(1)} calls/min
                </dd>
              </div>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Agent calls per minute" description="Last hour, UTC" />
          <CardBody>
            <ThroughputChart data={series} />
          </CardBody>
        </Card>
      </div>
    </section>
  );
}

function ThroughputChart({ data }: { data: ActivityPoint[] }) {
  const busy = data.filter((point) => point.succeeded + point.failed > 0);
  return (
    <figure>
      <BarChart
        responsive
        data={data}
        style={{ width: '100%', height: 180 }}
        margin={CHART_MARGIN}
        accessibilityLayer
      >
        <CartesianGrid {...GRID_PROPS} />
        <XAxis dataKey="label" {...AXIS_PROPS} interval={14} />
        <YAxis width={32} allowDecimals={false} {...AXIS_PROPS} />
        <Tooltip cursor={{ fill: 'var(--color-accent-50)' }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          dataKey="succeeded"
          name="Succeeded"
          stackId="calls"
          fill="var(--color-status-succeeded)"
          isAnimationActive={false}
        />
        <Bar
          dataKey="failed"
          name="Failed"
          stackId="calls"
          fill="var(--color-status-failed)"
          isAnimationActive={false}
        />
      </BarChart>
      <figcaption className="sr-only">
        Agent calls per minute over the last hour:{' '}
        {busy.length === 0
          ? 'none.'
          : busy.map((p) => `${p.label}: ${p.succeeded} succeeded, ${p.failed} failed`).join('; ')}
      </figcaption>
    </figure>
  );
}
