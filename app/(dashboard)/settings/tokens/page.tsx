import type { Metadata } from 'next';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { findApiTokens } from '@/lib/db/repositories/api-tokens';
import { CreateTokenForm } from './_components/create-token-form';
import { TokensTable } from './_components/tokens-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'API tokens · Settings' };

const PAGE_SIZE = 25;

export default async function TokensPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  await requirePageAccess('/settings/tokens');
  const { page } = await searchParams;
  const tokens = await findApiTokens(getDb(), { page: parsePageParam(page), pageSize: PAGE_SIZE });
  return (
    <div className="space-y-8">
      <Card>
        <CardHeader
          as="h2"
          title="Create token"
          description={
            <>
              For scripts and CI calling the <code>/api/v1</code> API. A token acts with the role
              you give it; send it as <code>Authorization: Bearer &lt;token&gt;</code>.
            </>
          }
        />
        <CreateTokenForm />
      </Card>
      {tokens.total === 0 ? (
        <EmptyState
          as="h2"
          title="No API tokens yet"
          description="Create one above; it is listed here with when it was last used."
        />
      ) : (
        <Card>
          <CardHeader
            as="h2"
            title="API tokens"
            description="Active tokens first. Revoking a token stops it working on its next request."
          />
          <TokensTable tokens={tokens.items} now={new Date()} />
          <Pagination
            basePath="/settings/tokens"
            page={tokens.page}
            pageSize={tokens.pageSize}
            total={tokens.total}
            itemLabel="tokens"
          />
        </Card>
      )}
    </div>
  );
}
