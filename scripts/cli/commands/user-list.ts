import { defineCommand } from '../command';
import { formatTable, formatTimestamp } from '../table';

export const userList = defineCommand({
  name: 'user list',
  summary: 'List users',
  options: {},
  examples: ['npm run baton -- user list'],
  parse: () => undefined,
  async run(_input, { io, session }) {
    const db = await session.db();
    // Every user, oldest first: a Baton has tens of users, not thousands.
    const users = await db.user.findMany({
      select: { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true },
      orderBy: { createdAt: 'asc' },
    });
    if (users.length === 0) {
      io.out(
        'No users yet. Create one with `npm run baton -- user create --email … --role admin`.',
      );
      return;
    }
    const lines = formatTable(
      [
        { header: 'EMAIL', value: (user) => user.email },
        { header: 'NAME', value: (user) => user.name },
        { header: 'ROLE', value: (user) => user.role },
        { header: 'DISABLED', value: (user) => (user.disabledAt ? 'yes' : 'no') },
        { header: 'CREATED (UTC)', value: (user) => formatTimestamp(user.createdAt) },
        { header: 'ID', value: (user) => user.id },
      ],
      users,
    );
    for (const line of lines) io.out(line);
  },
});
