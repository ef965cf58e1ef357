import type { Metadata } from 'next';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { countPages } from '@/lib/db/repositories/pagination';
import { formatDate } from '@/lib/format';
import { findPricesInEffect, listPrices } from '@/lib/server/budget/prices';
import { AddPriceForm } from './_components/add-price-form';
import { priceState } from './_components/price-display';
import { PricesTable } from './_components/prices-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Pricing · Settings' };

const PAGE_SIZE = 50;

export default async function PricingPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const viewer = await requirePageAccess('/settings/pricing');
  const isAdmin = hasRole(viewer.role, 'admin');
  const db = getDb();
  const now = new Date();
  const requested = parsePageParam((await searchParams).page);
  let prices = await listPrices(db, { page: requested, pageSize: PAGE_SIZE });
  // A page past the end (the last row of the last page was just deleted) shows the last page.
  const lastPage = countPages(prices.total, PAGE_SIZE);
  if (prices.items.length === 0 && requested > lastPage && prices.total > 0) {
    prices = await listPrices(db, { page: lastPage, pageSize: PAGE_SIZE });
  }
  const inEffect = await findPricesInEffect(db, prices.items, now);
  const rows = prices.items.map((price) => ({
    ...price,
    state: priceState(price, inEffect, now),
  }));

  return (
    <div className="space-y-8">
      {isAdmin ? (
        <Card>
          <CardHeader
            as="h2"
            title="Add price"
            description="A new price for a model from a day on; earlier rows stay for the record. Prices are in US dollars per million tokens."
          />
          <AddPriceForm today={formatDate(now)} />
        </Card>
      ) : null}
      <section aria-labelledby="prices-heading">
        {prices.total === 0 ? (
          <EmptyState
            as="h2"
            headingId="prices-heading"
            title="No model prices"
            description={
              isAdmin
                ? 'Agents are priced from their own per-token prices. Add a price above (or with POST /api/v1/prices) and agents that name its provider and model are priced from it.'
                : 'Agents are priced from their own per-token prices. An admin can add model prices here; agents that name a provider and model are then priced from them.'
            }
          />
        ) : (
          <Card>
            <CardHeader
              as="h2"
              id="prices-heading"
              title="Model prices"
              description={`Agents that name a provider and model take their token prices from the row in effect now.${isAdmin ? '' : ' Only admins can change them.'}`}
            />
            <PricesTable prices={rows} canEdit={isAdmin} />
            <Pagination
              basePath="/settings/pricing"
              page={prices.page}
              pageSize={prices.pageSize}
              total={prices.total}
              itemLabel="prices"
            />
          </Card>
        )}
      </section>
    </div>
  );
}
