import type { Metadata } from 'next';
import { requirePageAccess } from '@/lib/auth/session';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Stat, StatGrid } from '@/components/ui/stat';
import { getDb } from '@/lib/db/client';
import { findBudgets, getAgentSpend, getSpendTotals } from '@/lib/db/repositories/costs';
import { formatUsd } from '@/lib/engine';
import { formatCount, humanize } from '@/lib/format';
import { AgentSpendTable } from './_components/agent-spend-table';
import { BudgetsTable } from './_components/budgets-table';
import { CreateBudgetForm } from './_components/create-budget-form';
import { hasRole } from '@/lib/auth/roles';
import { formatPerMille, reportedShare } from '@/lib/engine/budget/review';
import { listBudgets } from '@/lib/server/budget/budgets';
import { findWarnBudgetsOver } from '@/lib/server/budget/spend-vs-budget';
import { WarnBudgetsBanner } from '@/components/budget/warn-budgets-banner';
import {
  getBudgetBurnDown,
  getSpendSeriesBetween,
  getSpendSplit,
  getTopSpenders,
} from '@/lib/server/budget/review';
import { BudgetBurnDowns } from './_components/budget-burn-downs';
import { ReviewFilters } from './_components/review-filters';
import {
  csvHref,
  parseReviewParams,
  reviewHref,
  reviewWindow,
  type SearchParamValue,
} from './_components/review-params';
import { StackedSpendChart } from './_components/stacked-spend-chart';
import { TopSpendersTable } from './_components/top-spenders-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Costs' };

const BUDGETS_SHOWN = 100;

const TOP_ROWS = 10;

const bucketLabel = (at: number, granularity: 'day' | 'week' | 'month') => {
  const iso = new Date(at).toISOString();
  return granularity === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
};

export default async function CostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, SearchParamValue>>;
}) {
  const viewer = await requirePageAccess('/costs');
  const isAdmin = hasRole(viewer.role, 'admin');
  const db = getDb();
  const now = new Date();
  const { params, errors } = parseReviewParams(await searchParams, now);
  const range = reviewWindow(params);
  const [
    totals,
    agentSpend,
    budgets,
    series,
    topAgents,
    topCapabilities,
    split,
    budgetRows,
    warnOver,
  ] = await Promise.all([
    getSpendTotals(db, now),
    getAgentSpend(db, { days: 30, now }),
    findBudgets(db, { limit: BUDGETS_SHOWN }),
    getSpendSeriesBetween(db, { ...range, granularity: params.granularity, by: params.stack }),
    getTopSpenders(db, { by: 'agent', ...range, limit: TOP_ROWS }),
    getTopSpenders(db, { by: 'capability', ...range, limit: TOP_ROWS }),
    getSpendSplit(db, range),
    listBudgets(db),
    findWarnBudgetsOver(db, now),
  ]);
  const burnDowns = await Promise.all(
    budgetRows.slice(0, BUDGETS_SHOWN).map(async (b) => ({
      id: b.id,
      name: b.name,
      period: b.period,
      mode: b.mode,
      limitMicros: b.limitMicros,
      thresholds: b.thresholds,
      burn: await getBudgetBurnDown(
        db,
        {
          scope: b.scope,
          scopeId: b.scopeId,
          capability: b.capability,
          period: b.period,
          limit: BigInt(b.limitMicros),
          spent: BigInt(b.spentMicros),
          reserved: BigInt(b.reservedMicros),
          periodStart: new Date(b.periodStart),
        },
        now,
      ),
    })),
  );
  const share = reportedShare(split.total, split.reported);
  const rangeText = `${params.from} to ${params.to} (UTC)`;
  return (
    <>
      <PageHeader
        title="Costs"
        description="What the fleet has spent, from the cost ledger, and the budgets that cap it. Days are UTC."
      />
      <div className="space-y-8">
        <WarnBudgetsBanner budgets={warnOver} />
        {errors.length > 0 ? (
          <div
            role="alert"
            className="rounded-md border border-status-failed/30 bg-status-failed/5 px-4 py-3 text-sm text-ink"
          >
            <p className="font-medium">Some filters in the address are not valid:</p>
            <ul className="mt-1 list-disc pl-5">
              {errors.map((e) => (
                <li key={`${e.field}:${e.message}`}>
                  <code>{e.field}</code>: {e.message}
                </li>
              ))}
            </ul>
            <p className="mt-1">
              Showing the default view instead.{' '}
              <a className="underline" href={reviewHref(params)}>
                Reset the filters
              </a>
              .
            </p>
          </div>
        ) : null}

        <section aria-labelledby="spend-review-heading">
          <Card>
            <CardHeader
              as="h2"
              id="spend-review-heading"
              title="Spend over time"
              description={`${rangeText}, per ${params.granularity}, stacked by ${params.stack}. Total ${formatUsd(series.total)}.`}
            />
            <ReviewFilters params={params} />
            <StackedSpendChart
              series={series.series.map((s) => ({
                key: s.key,
                label: params.stack === 'kind' ? humanize(s.label) : s.label,
                formatted: formatUsd(s.total),
              }))}
              points={series.points.map((p) => ({
                label: bucketLabel(p.at, params.granularity),
                formatted: formatUsd(p.total),
                values: Object.fromEntries(
                  Object.entries(p.values).map(([k, v]) => [k, Number(v) / 1_000_000]),
                ),
              }))}
              caption={`Spend per ${params.granularity}, ${rangeText}`}
            />
            <div className="flex flex-wrap items-center justify-between gap-3 border-t border-line px-5 py-3 text-sm">
              <p aria-label="Estimated vs reported">
                {share === null
                  ? 'No spend in this range.'
                  : `Reported by agents ${formatPerMille(share)} (${formatUsd(split.reported)}) · estimated from prices ${formatPerMille(1000 - share)} (${formatUsd(split.estimated)}) · ${formatCount(split.entries)} ledger entries`}
              </p>
              <a className="font-medium text-accent-700 underline" href={csvHref(params)}>
                Download CSV ({rangeText})
              </a>
            </div>
          </Card>
        </section>

        <div className="grid gap-4 lg:grid-cols-2">
          <section aria-labelledby="top-agents-heading">
            <Card>
              <CardHeader
                as="h2"
                id="top-agents-heading"
                title="Top agents"
                description={rangeText}
              />
              {topAgents.length === 0 ? (
                <p className="px-5 py-4 text-sm text-ink-muted">No spend in this range.</p>
              ) : (
                <TopSpendersTable rows={topAgents} caption="Top agents by spend" keyLabel="Agent" />
              )}
            </Card>
          </section>
          <section aria-labelledby="top-capabilities-heading">
            <Card>
              <CardHeader
                as="h2"
                id="top-capabilities-heading"
                title="Top capabilities"
                description={rangeText}
              />
              {topCapabilities.length === 0 ? (
                <p className="px-5 py-4 text-sm text-ink-muted">No spend in this range.</p>
              ) : (
                <TopSpendersTable
                  rows={topCapabilities}
                  caption="Top capabilities by spend"
                  keyLabel="Capability"
                />
              )}
            </Card>
          </section>
        </div>

        <StatGrid layout="row3">
          <Stat label="Today" value={formatUsd(totals.today)} hint="Since 00:00 UTC" />
          <Stat label="Last 7 days" value={formatUsd(totals.last7Days)} hint="Including today" />
          <Stat label="Last 30 days" value={formatUsd(totals.last30Days)} hint="Including today" />
        </StatGrid>

        <section aria-labelledby="agent-spend-heading">
          {agentSpend.length === 0 ? (
            <EmptyState
              as="h2"
              headingId="agent-spend-heading"
              title="No spend in the last 30 days"
              description="Costs appear here once requests run: every agent call is recorded in the cost ledger with its tokens and price, and totalled per agent."
            />
          ) : (
            <Card>
              <CardHeader
                as="h2"
                id="agent-spend-heading"
                title="Spend per agent"
                description="Last 30 days, from the cost ledger."
              />
              <AgentSpendTable rows={agentSpend} />
            </Card>
          )}
        </section>

        {isAdmin ? (
          <section aria-labelledby="new-budget-heading">
            <Card>
              <CardHeader
                as="h2"
                id="new-budget-heading"
                title="New budget"
                description="Reserved before each call, in the transaction that dispatches it. Periods are UTC."
              />
              <CreateBudgetForm />
            </Card>
          </section>
        ) : null}

        <section aria-labelledby="budgets-heading">
          {budgets.total === 0 ? (
            <EmptyState
              as="h2"
              headingId="budgets-heading"
              title="No budgets"
              description="Spending is not capped. A budget (admins create them here or with POST /api/v1/budgets) limits spend globally, per agent, per capability or per request — for all time, per day or per month — and warns, pauses or stops work when reached."
            />
          ) : (
            <Card>
              <CardHeader as="h2" id="budgets-heading" title="Budgets" />
              <BudgetsTable budgets={budgets.items} />
              {budgets.total > budgets.items.length ? (
                <p className="border-t border-line px-5 py-3 text-sm text-ink-muted">
                  Showing the first {formatCount(budgets.items.length)} of{' '}
                  {formatCount(budgets.total)} budgets.
                </p>
              ) : null}
            </Card>
          )}
        </section>

        {burnDowns.length > 0 ? (
          <section aria-labelledby="burn-down-heading" className="space-y-3">
            <h2 id="burn-down-heading" className="text-base font-semibold text-ink">
              Budget burn-down and forecast
            </h2>
            <p className="text-sm text-ink-muted">
              Spent so far this period (UTC), the limit, and where the faster of the last
              hour&apos;s and the last day&apos;s rate leads.
            </p>
            <BudgetBurnDowns budgets={burnDowns} isAdmin={isAdmin} />
          </section>
        ) : null}
      </div>
    </>
  );
}
