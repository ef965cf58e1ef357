import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { UsageBar } from '@/components/ui/usage-bar';
import { formatUsd, type Micros } from '@/lib/engine';
import { formatDate, humanize } from '@/lib/format';
import type {
  BudgetUsage,
  getFleetSpendVsGlobalBudgets,
} from '@/lib/server/budget/spend-vs-budget';
import { PERIOD_LABELS } from '../costs/_components/budgets-table';

export type FleetSpendVsGlobalBudgets = Awaited<ReturnType<typeof getFleetSpendVsGlobalBudgets>>;

/**
 * The fleet's spend today and this month (UTC, from the ledger), each held against the global
 * budget that caps it: the daily one for today, the monthly (else all-time) one for the month.
 */
export function GlobalBudgetCard({
  spend,
  isAdmin,
}: {
  spend: FleetSpendVsGlobalBudgets;
  isAdmin: boolean;
}) {
  const createLink = isAdmin ? (
    <Link href="/costs" className="font-medium text-accent-700 underline">
      Create one on the Costs page
    </Link>
  ) : (
    'An admin can create one on the Costs page.'
  );
  return (
    <Card>
      <CardHeader
        as="h3"
        title="Spend against the global budgets"
        description="From the cost ledger; a budget's usage is the figure enforcement checks. Days and months are UTC."
      />
      <div className="grid divide-line lg:grid-cols-2 lg:divide-x">
        <PeriodPanel
          id="today-budget-heading"
          title="Today against the global budget"
          figureLabel="Spend today"
          figure={spend.today}
          since={spend.dayStart}
          budget={spend.dayBudget}
          none={<>No daily global budget: today&apos;s spend is capped only by the month&apos;s.</>}
        />
        <PeriodPanel
          id="month-budget-heading"
          title="This month against the global budget"
          figureLabel="Month to date"
          figure={spend.month}
          since={spend.monthStart}
          budget={spend.budget}
          none={
            spend.dayBudget ? (
              'No monthly or all-time global budget: only the daily one caps fleet spend.'
            ) : (
              <>No global budget: fleet spend is not capped. {createLink}</>
            )
          }
        />
      </div>
    </Card>
  );
}

function PeriodPanel({
  id,
  title,
  figureLabel,
  figure,
  since,
  budget,
  none,
}: {
  id: string;
  title: string;
  figureLabel: string;
  figure: Micros;
  since: Date;
  budget: BudgetUsage | null;
  none: ReactNode;
}) {
  const rows: { label: string; value: ReactNode }[] = [
    {
      label: figureLabel,
      value: (
        <>
          <span className="text-2xl font-semibold tracking-tight">{formatUsd(figure)}</span>
          <span className="block text-xs text-ink-muted">Since {formatDate(since)} 00:00 UTC</span>
        </>
      ),
    },
    ...(budget
      ? [
          { label: 'Global budget', value: budget.name },
          {
            label: 'Used',
            value: (
              <>
                {formatUsd(budget.used)} of {formatUsd(budget.limit)}{' '}
                <UsageBar percent={budget.percent} />
                {budget.reserved > 0n ? (
                  <span className="block text-xs text-ink-muted">
                    Including {formatUsd(budget.reserved)} held by calls in flight
                  </span>
                ) : null}
              </>
            ),
          },
          {
            label: 'Period',
            value: (
              <>
                {PERIOD_LABELS[budget.period]}
                <span className="block text-xs text-ink-muted">
                  {budget.periodEnd
                    ? `Resets ${formatDate(budget.periodEnd)} 00:00 UTC`
                    : 'Never resets: counts all spend since the budget was created'}
                </span>
              </>
            ),
          },
          { label: 'When reached', value: humanize(budget.mode) },
        ]
      : []),
  ];
  return (
    <section aria-labelledby={id} className="min-w-0">
      <h4
        id={id}
        className="px-5 pt-4 text-xs font-semibold tracking-wide text-ink-muted uppercase"
      >
        {title}
      </h4>
      <dl className="grid gap-x-6 gap-y-3 px-5 py-4 sm:grid-cols-2">
        {rows.map((row) => (
          <div key={row.label} className="min-w-0">
            <dt className="text-xs font-medium text-ink-muted">{row.label}</dt>
            <dd className="mt-0.5 text-sm break-words text-ink tabular-nums">{row.value}</dd>
          </div>
        ))}
      </dl>
      {budget ? null : <p className="px-5 pb-4 text-sm text-ink-muted">{none}</p>}
    </section>
  );
}
