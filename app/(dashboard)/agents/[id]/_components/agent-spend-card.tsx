import Link from 'next/link';
import { Card, CardHeader } from '@/components/ui/card';
import { Stat, StatGrid } from '@/components/ui/stat';
import { UsageBar } from '@/components/ui/usage-bar';
import { MoneyTable } from '@/components/ui/money-table';
import { SpendChart } from '@/components/charts/spend-chart';
import { buildSpendSeries } from '@/components/charts/spend-series';
import { formatUsd, MICROS_PER_USD } from '@/lib/engine';
import { formatDate, humanize } from '@/lib/format';
import type { getAgentSpendVsBudgets } from '@/lib/server/budget/spend-vs-budget';
import { PERIOD_LABELS } from '../../../costs/_components/budgets-table';

export type AgentSpendVsBudgets = Awaited<ReturnType<typeof getAgentSpendVsBudgets>>;

/**
 * This agent's spend today and this month (UTC), per day over the last 30 days against its own
 * daily budget's limit, and each budget that covers it.
 */
export function AgentSpendCard({
  spend,
  daily,
  isAdmin,
}: {
  spend: AgentSpendVsBudgets;
  /** Spend per UTC day, oldest first, today last. */
  daily: readonly { day: string; amount: bigint }[];
  isAdmin: boolean;
}) {
  const dayBudget = spend.budgets.find((b) => b.scope === 'agent' && b.period === 'day');
  const first = daily[0]?.day;
  const last = daily.at(-1)?.day;
  return (
    <section aria-labelledby="agent-spend-heading">
      <Card>
        <CardHeader
          as="h2"
          id="agent-spend-heading"
          title="Spend and budgets"
          description="From the cost ledger. Days and months are UTC."
        />
        <div className="px-5 py-4">
          <StatGrid layout="row3" aria-label="Agent spend">
            <Stat
              label="Spend today"
              value={formatUsd(spend.today)}
              hint={`Since ${formatDate(spend.dayStart)} 00:00 UTC`}
            />
            <Stat
              label="Spend this month"
              value={formatUsd(spend.month)}
              hint={`Since ${formatDate(spend.monthStart)} 00:00 UTC`}
            />
          </StatGrid>
        </div>
        <section
          aria-labelledby="agent-daily-spend-heading"
          className="border-t border-line px-5 py-4"
        >
          <h3 id="agent-daily-spend-heading" className="text-sm font-semibold text-ink">
            Spend per day
          </h3>
          <p className="mt-1 mb-3 text-sm text-ink-muted">
            Last {daily.length} days, {first} to {last}, UTC days.{' '}
            {dayBudget
              ? `The red line is the daily budget ${dayBudget.name}: ${formatUsd(dayBudget.limit)} per day.`
              : 'No daily budget of its own: no limit line.'}
          </p>
          <SpendChart
            data={buildSpendSeries(daily)}
            caption={`Spend per day of this agent, ${first} to ${last} (UTC)`}
            limit={
              dayBudget
                ? {
                    dollars: Number(dayBudget.limit) / Number(MICROS_PER_USD),
                    label: `Daily budget ${formatUsd(dayBudget.limit)}`,
                  }
                : undefined
            }
          />
        </section>
        {spend.budgets.length === 0 ? (
          <p className="border-t border-line px-5 py-4 text-sm text-ink-muted">
            No budget covers this agent: neither one of its own nor a global one.{' '}
            {isAdmin ? (
              <Link href="/costs" className="font-medium text-accent-700 underline">
                Create one on the Costs page
              </Link>
            ) : (
              'Admins create budgets on the Costs page.'
            )}
          </p>
        ) : (
          <div className="border-t border-line">
            <MoneyTable
              caption="Budgets covering this agent"
              rows={spend.budgets}
              rowKey={(budget) => budget.id}
              columns={[
                { header: 'Budget', cell: (budget) => budget.name },
                {
                  header: 'Applies to',
                  cell: (budget) => (budget.scope === 'agent' ? 'This agent' : 'All spend'),
                },
                {
                  header: 'Used this period',
                  money: true,
                  cell: (budget) => (
                    <>
                      {formatUsd(budget.spent)}
                      {budget.reserved > 0n ? (
                        <span className="text-ink-muted"> + {formatUsd(budget.reserved)} held</span>
                      ) : null}
                    </>
                  ),
                },
                {
                  header: 'Limit',
                  money: true,
                  strong: true,
                  cell: (budget) => formatUsd(budget.limit),
                },
                {
                  header: 'Used',
                  money: true,
                  cell: (budget) => <UsageBar percent={budget.percent} />,
                },
                {
                  header: 'Period',
                  cell: (budget) => (
                    <>
                      {PERIOD_LABELS[budget.period]}
                      {budget.periodEnd ? (
                        <span className="block text-xs text-ink-muted">
                          Resets {formatDate(budget.periodEnd)} 00:00 UTC
                        </span>
                      ) : null}
                    </>
                  ),
                },
                {
                  header: 'When reached',
                  cell: (budget) => humanize(budget.mode),
                },
              ]}
            />
          </div>
        )}
      </Card>
    </section>
  );
}
