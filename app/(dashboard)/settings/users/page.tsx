import type { Metadata } from 'next';
import { Card, CardHeader } from '@/components/ui/card';
import { Pagination, parsePageParam } from '@/components/ui/pagination';
import { requirePageAccess } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { findUsers } from '@/lib/db/repositories/users';
import { AddUserForm } from './_components/add-user-form';
import { UsersTable } from './_components/users-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Users · Settings' };

const PAGE_SIZE = 25;

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const viewer = await requirePageAccess('/settings/users');
  const { page } = await searchParams;
  const users = await findUsers(getDb(), { page: parsePageParam(page), pageSize: PAGE_SIZE });
  return (
    <div className="space-y-8">
      <Card>
        <CardHeader
          as="h2"
          title="Add user"
          description="They sign in with this email and initial password; share the password with them over a safe channel."
        />
        <AddUserForm />
      </Card>
      <Card>
        <CardHeader
          as="h2"
          title="Users"
          description="Roles take effect on the user's next request. Disabling a user signs them out everywhere."
        />
        {/* There is always at least one user here: the admin looking at the page. */}
        <UsersTable users={users.items} viewerId={viewerUserId(viewer)} />
        <Pagination
          basePath="/settings/users"
          page={users.page}
          pageSize={users.pageSize}
          total={users.total}
          itemLabel="users"
        />
      </Card>
    </div>
  );
}
