import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { UsageBar } from '@/components/ui/usage-bar';
import { formatUsd } from '@/lib/engine';
import { formatDate, humanize } from '@/lib/format';
import type { getMonthVsGlobalBudget } from '@/lib/server/budget/spend-vs-budget';
import { PERIOD_LABELS } from '../costs/_components/budgets-table';

export type MonthVsGlobalBudget = Awaited<ReturnType<typeof getMonthVsGlobalBudget>>;

/** The fleet's month-to-date spend (UTC) and the global budget that caps it, if any. */
export function MonthBudgetCard({
  month,
  isAdmin,
}: {
  month: MonthVsGlobalBudget;
  isAdmin: boolean;
}) {
  const { budget } = month;
  const rows: { label: string; value: ReactNode }[] = [
    {
      label: 'Month to date',
      value: (
        <>
          <span className="text-2xl font-semibold tracking-tight">{formatUsd(month.month)}</span>
          <span className="block text-xs text-ink-muted">
            Since {formatDate(month.monthStart)} 00:00 UTC
          </span>
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
    <section aria-labelledby="month-budget-heading">
      <Card>
        <CardHeader
          as="h3"
          id="month-budget-heading"
          title="This month against the global budget"
          description="From the cost ledger; the budget's usage is the figure enforcement checks."
        />
        <dl className="grid gap-x-6 gap-y-3 px-5 py-4 sm:grid-cols-2 lg:grid-cols-5">
          {rows.map((row) => (
            <div key={row.label} className="min-w-0">
              <dt className="text-xs font-medium text-ink-muted">{row.label}</dt>
              <dd className="mt-0.5 text-sm break-words text-ink tabular-nums">{row.value}</dd>
            </div>
          ))}
        </dl>
        {budget ? null : (
          <p className="border-t border-line px-5 py-4 text-sm text-ink-muted">
            No global budget: fleet spend is not capped.{' '}
            {isAdmin ? (
              <Link href="/costs" className="font-medium text-accent-700 underline">
                Create one on the Costs page
              </Link>
            ) : (
              'An admin can create one on the Costs page.'
            )}
          </p>
        )}
      </Card>
    </section>
  );
}
