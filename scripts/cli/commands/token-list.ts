import { findApiTokens, type ApiTokenListItem } from '@/lib/db/repositories/api-tokens';
import { MAX_PAGE_SIZE } from '@/lib/db/repositories/pagination';
import { defineCommand } from '../command';
import { formatTable, formatTimestamp } from '../table';

export const tokenList = defineCommand({
  name: 'token list',
  summary: 'List API tokens (never their values)',
  options: {},
  examples: ['npm run baton -- token list'],
  parse: () => undefined,
  async run(_input, { io, session }) {
    const db = await session.db();
    const tokens: ApiTokenListItem[] = [];
    for (let page = 1; ; page += 1) {
      const result = await findApiTokens(db, { page, pageSize: MAX_PAGE_SIZE });
      tokens.push(...result.items);
      if (page * result.pageSize >= result.total) break;
    }
    if (tokens.length === 0) {
      io.out(
        'No API tokens yet. Create one with `npm run baton -- token create --name … --role …`.',
      );
      return;
    }
    const now = new Date();
    const lines = formatTable(
      [
        { header: 'ID', value: (token) => token.id },
        { header: 'NAME', value: (token) => token.name },
        { header: 'PREFIX', value: (token) => `${token.prefix}…` },
        { header: 'ROLE', value: (token) => token.role },
        { header: 'STATUS', value: (token) => describeStatus(token, now) },
        { header: 'CREATED (UTC)', value: (token) => formatTimestamp(token.createdAt) },
        { header: 'LAST USED (UTC)', value: (token) => formatTimestamp(token.lastUsedAt) },
        { header: 'CREATED BY', value: (token) => token.createdBy ?? '-' },
      ],
      tokens,
    );
    for (const line of lines) io.out(line);
  },
});

function describeStatus(token: ApiTokenListItem, now: Date): string {
  if (token.revokedAt) return `revoked ${formatTimestamp(token.revokedAt)}`;
  if (token.expiresAt && token.expiresAt <= now) return 'expired';
  return 'active';
}
