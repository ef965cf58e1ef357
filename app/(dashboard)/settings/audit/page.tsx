import type { Metadata } from 'next';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { findAuditLog } from '@/lib/db/repositories/audit';
import { AuditTable } from './_components/audit-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Audit log · Settings' };

const PAGE_SIZE = 50;

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  await requirePageAccess('/settings/audit');
  const { page } = await searchParams;
  const entries = await findAuditLog(getDb(), { page: parsePageParam(page), pageSize: PAGE_SIZE });
  if (entries.total === 0) {
    return (
      <EmptyState
        as="h2"
        title="Nothing audited yet"
        description="Sign-ins, user and token changes and other administrative actions are recorded here."
      />
    );
  }
  return (
    <Card>
      <CardHeader
        as="h2"
        title="Audit log"
        description="Sign-ins and every administrative change, newest first. Times are UTC."
      />
      <AuditTable entries={entries.items} />
      <Pagination
        basePath="/settings/audit"
        page={entries.page}
        pageSize={entries.pageSize}
        total={entries.total}
        itemLabel="entries"
      />
    </Card>
  );
}
