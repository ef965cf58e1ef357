import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { SectionHeader } from '@/components/ui/page-header';
import { Stat, StatGrid } from '@/components/ui/stat';
import type { SpendSummary } from '@/lib/db/repositories/overview';
import { formatUsd, sumMicros } from '@/lib/engine';
import { GlobalBudgetCard, type FleetSpendVsGlobalBudgets } from './global-budget-card';
import { SpendChart } from '@/components/charts/spend-chart';
import { buildSpendSeries } from '@/components/charts/spend-series';

export function SpendSection({
  spend,
  budgets,
  isAdmin,
}: {
  spend: SpendSummary;
  budgets: FleetSpendVsGlobalBudgets;
  isAdmin: boolean;
}) {
  const weekTotal = sumMicros(spend.last7Days.map((day) => day.amount));
  return (
    <section aria-labelledby="spend-heading">
      <SectionHeader
        id="spend-heading"
        title="Spend"
        link={{ href: '/costs', label: 'View costs' }}
      />
      {weekTotal === 0n ? (
        <EmptyState
          title="No spend in the last 7 days"
          description="Costs appear here once requests run: every agent call is recorded in the cost ledger with its tokens and price."
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          <StatGrid layout="stack">
            <Stat label="Spend today" value={formatUsd(spend.today)} hint="Since 00:00 UTC" />
            <Stat label="Last 7 days" value={formatUsd(weekTotal)} hint="Including today" />
          </StatGrid>
          <Card className="lg:col-span-2">
            <CardHeader title="Spend per day" description="Last 7 days, UTC" />
            <CardBody>
              <SpendChart
                data={buildSpendSeries(spend.last7Days)}
                caption="Spend per day over the last 7 days (UTC)"
              />
            </CardBody>
          </Card>
        </div>
      )}
      <div className="mt-4">
        <GlobalBudgetCard spend={budgets} isAdmin={isAdmin} />
      </div>
    </section>
  );
}
