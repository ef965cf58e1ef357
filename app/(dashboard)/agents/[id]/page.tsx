import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { DetailsList } from '@/components/ui/details-list';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Pagination } from '@/components/ui/pagination';
import { StatusBadge } from '@/components/ui/status-badge';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import {
  findRecentHealthChecks,
  findRecentTasksForAgent,
  findStatusTransitions,
  getAgentDetail,
  type AgentDetail,
} from '@/lib/db/repositories/agents';
import { formatUsd } from '@/lib/engine';
import { formatDateTime, humanize } from '@/lib/format';
import { AgentIdSchema } from '@/lib/schemas/agents';
import { findActorLabels } from '@/lib/server/agent-list';
import { getAgentDailySpend, getAgentSpendVsBudgets } from '@/lib/server/budget/spend-vs-budget';
import { getAgentUptime } from '@/lib/server/uptime';
import { formatLatency, formatRatio, KIND_LABELS } from '../_components/agent-format';
import { DriftBadge } from '../_components/drift-badge';
import { AcknowledgeDriftForm } from './_components/acknowledge-drift-form';
import { describeConfig } from './_components/agent-details';
import {
  agentPageHref,
  parseAgentPageParams,
  UPTIME_WINDOW_LABELS,
  UPTIME_WINDOW_OPTIONS,
  type AgentPageParams,
} from './_components/agent-page-params';
import { AgentSpendCard } from './_components/agent-spend-card';
import { AgentStatusPanel } from './_components/agent-status-panel';
import { CapabilityList } from './_components/capability-list';
import { LatencyChart } from './_components/latency-chart';
import { buildLatencySeries, summarizeLatency } from './_components/latency-series';
import { RecentTasksTable } from './_components/recent-tasks-table';
import { StatusHistoryTable } from './_components/status-history-table';
import { UnregisterForm } from './_components/unregister-form';
import { UptimeChart } from './_components/uptime-chart';
import { buildUptimeSeries } from './_components/uptime-series';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Agent' };

const HISTORY_PAGE_SIZE = 10;
const HEALTH_CHECKS_SHOWN = 100;
const RECENT_TASKS_SHOWN = 10;

type SearchParamValue = string | string[] | undefined;

export default async function AgentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ window?: SearchParamValue; historyPage?: SearchParamValue }>;
}) {
  const viewer = await requirePageAccess('/agents/[id]');
  const parsedId = AgentIdSchema.safeParse(await params);
  if (!parsedId.success) notFound();
  const { id } = parsedId.data;
  const pageParams = parseAgentPageParams(await searchParams);
  const db = getDb();

  const agent = await getAgentDetail(db, id);
  if (!agent) notFound();
  // The referenced model price in force now, if the agent names one (routing and the ledger use it).
  const modelPrice =
    agent.priceProvider && agent.priceModel
      ? await db.modelPrice.findFirst({
          where: {
            provider: agent.priceProvider,
            model: agent.priceModel,
            effectiveFrom: { lte: new Date() },
          },
          orderBy: { effectiveFrom: 'desc' },
          select: { inputPerMTok: true, outputPerMTok: true },
        })
      : null;
  const [history, uptime, checks, tasks, spend, dailySpend] = await Promise.all([
    findStatusTransitions(db, id, { page: pageParams.historyPage, pageSize: HISTORY_PAGE_SIZE }),
    getAgentUptime(db, id, pageParams.window),
    findRecentHealthChecks(db, id, HEALTH_CHECKS_SHOWN),
    findRecentTasksForAgent(db, id, RECENT_TASKS_SHOWN),
    getAgentSpendVsBudgets(db, id),
    getAgentDailySpend(db, id, { days: 30 }),
  ]);
  const actorLabels = await findActorLabels(
    db,
    history.items.map((entry) => entry.actor),
  );
  const canOperate = hasRole(viewer.role, 'operator');
  const latency = buildLatencySeries(checks);
  const latencySummary = summarizeLatency(latency);
  const windowLabel = UPTIME_WINDOW_LABELS[pageParams.window];

  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/agents"
          className="rounded-sm text-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
        >
          ← Agents
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-ink">{agent.displayName}</h1>
          {canOperate ? (
            <Link
              href={`/agents/${agent.id}/edit`}
              className="rounded-md border border-line bg-surface px-3 py-1.5 text-sm font-medium text-ink shadow-xs hover:bg-slate-50"
            >
              Edit
            </Link>
          ) : null}
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <span className="font-mono text-ink-muted">{agent.name}</span>
          <Badge>{KIND_LABELS[agent.kind]}</Badge>
          <StatusBadge status={agent.status} />
          {agent.cardDriftAt ? (
            <>
              <DriftBadge kind={agent.kind} />
              {canOperate ? <AcknowledgeDriftForm agentId={agent.id} /> : null}
            </>
          ) : null}
        </div>
        {agent.description ? (
          <p className="mt-3 max-w-prose text-sm text-ink-muted">{agent.description}</p>
        ) : null}
      </div>

      <div className="grid gap-4 lg:grid-cols-3 lg:items-start">
        <Card>
          <CardHeader as="h2" title="Status" />
          <div className="px-5 py-4">
            <AgentStatusPanel
              agentId={agent.id}
              status={agent.status}
              statusReason={agent.statusReason}
              statusChangedAt={agent.statusChangedAt.toISOString()}
              inFlight={agent.inFlight}
              canOperate={canOperate}
            />
          </div>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader as="h2" title="Details" />
          <Details agent={agent} modelPrice={modelPrice} />
        </Card>
      </div>

      <AgentSpendCard spend={spend} daily={dailySpend} isAdmin={hasRole(viewer.role, 'admin')} />

      <section aria-labelledby="uptime-heading">
        <Card>
          <CardHeader
            as="h2"
            id="uptime-heading"
            title="Uptime"
            description="Share of the time the agent could take work (Active or Degraded). Maintenance and draining are planned and not counted."
            action={<WindowSwitch agentId={agent.id} current={pageParams} />}
          />
          <div className="px-5 py-4">
            <p className="mb-3 text-sm text-ink" data-testid="uptime-summary">
              <span className="text-2xl font-semibold tracking-tight tabular-nums">
                {formatRatio(uptime.uptimeRatio)}
              </span>{' '}
              <span className="text-ink-muted">over {windowLabel}</span>
            </p>
            <UptimeChart
              data={buildUptimeSeries(uptime.buckets, pageParams.window)}
              windowLabel={windowLabel}
            />
          </div>
        </Card>
      </section>

      <section aria-labelledby="health-heading">
        <Card>
          <CardHeader
            as="h2"
            id="health-heading"
            title="Health checks"
            description={`Every ${agent.healthCheckIntervalS} s. The latest ${HEALTH_CHECKS_SHOWN} checks are shown.`}
          />
          <div className="px-5 py-4">
            {latency.length === 0 ? (
              <p className="text-sm text-ink-muted">
                No health checks yet. The first one runs within {agent.healthCheckIntervalS} s of
                registration while Baton’s worker is running.
              </p>
            ) : (
              <>
                <p className="mb-3 text-sm text-ink-muted">
                  {latencySummary.checks} check{latencySummary.checks === 1 ? '' : 's'} ·{' '}
                  {latencySummary.failed} failed · median {formatLatency(latencySummary.medianMs)}
                  {agent.lastHealthCheckAt
                    ? ` · last at ${formatDateTime(agent.lastHealthCheckAt)}`
                    : ''}
                </p>
                <LatencyChart data={latency} />
              </>
            )}
          </div>
        </Card>
      </section>

      <section aria-labelledby="history-heading">
        <Card>
          <CardHeader as="h2" id="history-heading" title="Status history" />
          {history.total === 0 ? (
            <p className="px-5 py-4 text-sm text-ink-muted">No status change recorded.</p>
          ) : (
            <>
              <StatusHistoryTable
                entries={history.items.map((entry) => ({
                  ...entry,
                  actorLabel: actorLabels.get(entry.actor) ?? entry.actor,
                }))}
              />
              <Pagination
                basePath={`/agents/${agent.id}`}
                page={history.page}
                pageSize={history.pageSize}
                total={history.total}
                itemLabel="changes"
                pageParam="historyPage"
                label="Status history pages"
                query={{ window: pageParams.window === '24h' ? undefined : pageParams.window }}
              />
            </>
          )}
        </Card>
      </section>

      <section aria-labelledby="capabilities-heading">
        <Card>
          <CardHeader
            as="h2"
            id="capabilities-heading"
            title="Capabilities"
            description="What Baton routes to this agent."
          />
          <CapabilityList capabilities={agent.capabilities} />
        </Card>
      </section>

      <section aria-labelledby="tasks-heading">
        <Card>
          <CardHeader as="h2" id="tasks-heading" title="Recent tasks" />
          {tasks.length === 0 ? (
            <p className="px-5 py-4 text-sm text-ink-muted">No task has been routed to it yet.</p>
          ) : (
            <RecentTasksTable tasks={tasks} />
          )}
        </Card>
      </section>

      {canOperate ? (
        <section aria-labelledby="unregister-heading">
          <Card>
            <CardHeader
              as="h2"
              id="unregister-heading"
              title="Unregister"
              description="Removes the agent from routing and from the list. Drain it first (maintenance) if it has work in flight."
            />
            <div className="px-5 py-4">
              <UnregisterForm agentId={agent.id} agentName={agent.name} />
            </div>
          </Card>
        </section>
      ) : null}
    </div>
  );
}

function Details({
  agent,
  modelPrice,
}: {
  agent: AgentDetail;
  modelPrice: { inputPerMTok: bigint; outputPerMTok: bigint } | null;
}) {
  const priceApplies =
    agent.priceProvider && agent.priceModel && modelPrice
      ? `model price ${agent.priceProvider}/${agent.priceModel}: ${formatUsd(modelPrice.inputPerMTok)} / ${formatUsd(modelPrice.outputPerMTok)} per 1M tokens`
      : `its own: ${formatUsd(agent.priceInputPerMTok)} / ${formatUsd(agent.priceOutputPerMTok)} per 1M tokens, ${formatUsd(agent.pricePerCall)} per call`;
  const rows: { label: string; value: ReactNode }[] = [
    ...(agent.endpointUrl
      ? [
          {
            label: 'Endpoint',
            value: <span className="font-mono text-xs">{agent.endpointUrl}</span>,
          },
        ]
      : []),
    ...describeConfig(agent.kind, agent.config),
    { label: 'Concurrency', value: `${agent.inFlight} in flight of ${agent.maxConcurrentTasks}` },
    { label: 'Weight', value: String(agent.weight) },
    { label: 'Price applied', value: priceApplies },
    {
      label: 'Price per 1M tokens',
      value: `${formatUsd(agent.priceInputPerMTok)} input · ${formatUsd(agent.priceOutputPerMTok)} output`,
    },
    { label: 'Price per call', value: formatUsd(agent.pricePerCall) },
    { label: 'Health-check interval', value: `${agent.healthCheckIntervalS} s` },
    { label: 'Auto-recover', value: agent.autoRecover ? 'On' : 'Off' },
    { label: 'Secret', value: agent.hasSecret ? 'Set' : 'Not set' },
    {
      label: 'Calls',
      value: `${agent.totalCalls} (${agent.failedCalls} failed) · success ${formatRatio(agent.successRate)} · latency ${formatLatency(agent.ewmaLatencyMs)}`,
    },
    { label: 'Circuit breaker', value: humanize(agent.circuitState) },
    ...(agent.version ? [{ label: 'Version', value: agent.version }] : []),
    { label: 'Registered', value: formatDateTime(agent.createdAt) },
  ];
  return <DetailsList items={rows} layout="grid" />;
}

/** 24h / 7d / 30d as links, so each view has its own URL and works without JavaScript. */
function WindowSwitch({ agentId, current }: { agentId: string; current: AgentPageParams }) {
  return (
    <nav aria-label="Uptime window" className="inline-flex rounded-md border border-line p-0.5">
      {UPTIME_WINDOW_OPTIONS.map((window) => {
        const isCurrent = window === current.window;
        return (
          <Link
            key={window}
            href={agentPageHref(agentId, { ...current, window })}
            aria-current={isCurrent ? 'page' : undefined}
            scroll={false}
            className={cn(
              'rounded px-2.5 py-1 text-xs font-medium',
              isCurrent ? 'bg-accent-600 text-white' : 'text-ink-muted hover:bg-slate-100',
            )}
          >
            {window}
          </Link>
        );
      })}
    </nav>
  );
}
