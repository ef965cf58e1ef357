import type { Metadata } from 'next';
import { requirePageAccess } from '@/lib/auth/session';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Stat, StatGrid } from '@/components/ui/stat';
import { getDb } from '@/lib/db/client';
import { findBudgets, getAgentSpend, getSpendTotals } from '@/lib/db/repositories/costs';
import { formatUsd } from '@/lib/engine';
import { formatCount } from '@/lib/format';
import { AgentSpendTable } from './_components/agent-spend-table';
import { BudgetsTable } from './_components/budgets-table';
import { CreateBudgetForm } from './_components/create-budget-form';
import { hasRole } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Costs' };

const BUDGETS_SHOWN = 100;

export default async function CostsPage() {
  const viewer = await requirePageAccess('/costs');
  const isAdmin = hasRole(viewer.role, 'admin');
  const db = getDb();
  const now = new Date();
  const [totals, agentSpend, budgets] = await Promise.all([
    getSpendTotals(db, now),
    getAgentSpend(db, { days: 30, now }),
    findBudgets(db, { limit: BUDGETS_SHOWN }),
  ]);
  return (
    <>
      <PageHeader
        title="Costs"
        description="What the fleet has spent, from the cost ledger, and the budgets that cap it. Days are UTC."
      />
      <div className="space-y-8">
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
      </div>
    </>
  );
}
