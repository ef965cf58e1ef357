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
import type { ApiTokenListItem } from '@/lib/db/repositories/api-tokens';
import { formatDateTime, toIsoString } from '@/lib/format';
import { StateBadge } from '../../_components/state-badge';
import { RevokeTokenForm } from './revoke-token-form';
import { apiTokenState, formatTokenPrefix, type ApiTokenState } from './token-display';

const STATE_BADGES = {
  active: { tone: 'good', label: 'Active' },
  expired: { tone: 'off', label: 'Expired' },
  revoked: { tone: 'bad', label: 'Revoked' },
} as const satisfies Record<ApiTokenState, { tone: 'good' | 'off' | 'bad'; label: string }>;

export function TokensTable({ tokens, now }: { tokens: ApiTokenListItem[]; now: Date }) {
  return (
    <Table>
      <TableCaption>API tokens, active first, then newest first</TableCaption>
      <TableHead>
        <TableRow>
          <TableHeaderCell>Name</TableHeaderCell>
          <TableHeaderCell>Token</TableHeaderCell>
          <TableHeaderCell>Role</TableHeaderCell>
          <TableHeaderCell>Created by</TableHeaderCell>
          <TableHeaderCell>Created</TableHeaderCell>
          <TableHeaderCell>Last used</TableHeaderCell>
          <TableHeaderCell>Expires</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Actions</TableHeaderCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {tokens.map((token) => {
          const state = apiTokenState(token, now);
          const nameId = `token-name-${token.id}`;
          return (
            <TableRow key={token.id}>
              <TableCell id={nameId} className="font-medium break-words">
                {token.name}
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">
                {formatTokenPrefix(token.prefix)}
              </TableCell>
              <TableCell>
                <Badge>{ROLE_LABELS[token.role]}</Badge>
              </TableCell>
              <TableCell className="break-words text-ink-muted">{token.createdBy ?? '—'}</TableCell>
              <TableCell className="whitespace-nowrap text-ink-muted">
                <Timestamp date={token.createdAt} />
              </TableCell>
              <TableCell className="whitespace-nowrap text-ink-muted">
                {token.lastUsedAt ? <Timestamp date={token.lastUsedAt} /> : 'Never'}
              </TableCell>
              <TableCell className="whitespace-nowrap text-ink-muted">
                {token.expiresAt ? <Timestamp date={token.expiresAt} /> : 'Never'}
              </TableCell>
              <TableCell>
                <StateBadge {...STATE_BADGES[state]} />
              </TableCell>
              <TableCell>
                <RevokeTokenForm
                  tokenId={token.id}
                  describedBy={nameId}
                  isRevoked={state === 'revoked'}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function Timestamp({ date }: { date: Date }) {
  return <time dateTime={toIsoString(date)}>{formatDateTime(date)}</time>;
}
