import type { Metadata } from 'next';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/lib/db/client';
import { getLiveActivity } from '@/lib/db/repositories/activity';
import { getOverview } from '@/lib/db/repositories/overview';
import {
  findWarnBudgetsOver,
  getFleetSpendVsGlobalBudgets,
} from '@/lib/server/budget/spend-vs-budget';
import { FleetSection } from './_components/fleet-section';
import { LiveActivitySection } from './_components/live-activity-section';
import { RequestsSection } from './_components/requests-section';
import { SpendSection } from './_components/spend-section';
import { WarnBudgetsBanner } from '@/components/budget/warn-budgets-banner';

// Reads the database on every request; the build has no database to prerender from.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const viewer = await requirePageAccess('/');
  const db = getDb();
  const [overview, activity, budgets, warnOver] = await Promise.all([
    getOverview(db),
    getLiveActivity(db),
    getFleetSpendVsGlobalBudgets(db),
    findWarnBudgetsOver(db),
  ]);
  return (
    <>
      <PageHeader
        title="Overview"
        description="Your agent fleet, recent requests and spend at a glance."
      />
      <div className="space-y-10">
        <WarnBudgetsBanner budgets={warnOver} />
        <LiveActivitySection initial={activity} />
        <FleetSection fleet={overview.fleet} />
        <RequestsSection requests={overview.requests} />
        <SpendSection
          spend={overview.spend}
          budgets={budgets}
          isAdmin={hasRole(viewer.role, 'admin')}
        />
      </div>
    </>
  );
}
