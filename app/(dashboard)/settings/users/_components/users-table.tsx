import { Badge } from '@/components/ui/badge';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import { ROLE_LABELS } from '@/lib/auth/roles';
import type { UserListItem } from '@/lib/db/repositories/users';
import { formatDate, toIsoString } from '@/lib/format';
import { StateBadge } from '../../_components/state-badge';
import { UserRoleForm } from './user-role-form';
import { UserStatusForm } from './user-status-form';

export function UsersTable({
  users,
  viewerId,
}: {
  users: UserListItem[];
  viewerId: string | null;
}) {
  return (
    <Table>
      <TableCaption>Users, newest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Email</TableHeaderCell>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Role</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Created</TableHeaderCell>
          <TableHeaderCell>Actions</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {users.map((user) => {
          // Admins cannot change their own role or disable themselves (the repository refuses),
          // so their own row offers no controls that could only fail.
          const isSelf = user.id === viewerId;
          return (
            <TableRow key={user.id}>
              <TableCell className="font-medium break-words">
                {user.email}
                {isSelf ? <Badge className="ml-2">You</Badge> : null}
              </TableCell>
              <TableCell>{user.name}</TableCell>
              <TableCell>
                {isSelf ? (
                  ROLE_LABELS[user.role]
                ) : (
                  <UserRoleForm userId={user.id} email={user.email} role={user.role} />
                )}
              </TableCell>
              <TableCell>
                {user.disabledAt ? (
                  <StateBadge tone="off" label="Disabled" />
                ) : (
                  <StateBadge tone="good" label="Active" />
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap text-ink-muted">
                <time dateTime={toIsoString(user.createdAt)}>{formatDate(user.createdAt)}</time>
              </TableCell>
              <TableCell>
                {isSelf ? (
                  <span className="text-ink-muted">—</span>
                ) : (
                  <UserStatusForm
                    userId={user.id}
                    email={user.email}
                    isDisabled={user.disabledAt !== null}
                  />
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
