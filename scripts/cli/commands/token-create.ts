import { createApiToken } from '@/lib/db/repositories/api-tokens';
import { recordAudit } from '@/lib/db/repositories/audit';
import { CreateApiTokenSchema } from '@/lib/schemas/auth';
import { defineCommand, type OptionSpec } from '../command';
import { requireString, validateInput } from '../parse';

const OPTIONS = {
  name: {
    type: 'string',
    valueName: '<name>',
    description: 'What the token is for, e.g. "CI pipeline"',
    isRequired: true,
  },
  role: {
    type: 'string',
    valueName: '<role>',
    description: 'viewer, operator or admin: what the token may do',
    isRequired: true,
  },
  expires: {
    type: 'string',
    valueName: '<date>',
    description: 'When it stops working: 2027-01-31 (end of that day, UTC) or an ISO date-time',
  },
  quiet: { type: 'boolean', description: 'Print only the token (for scripts)' },
} satisfies Record<string, OptionSpec>;

export const tokenCreate = defineCommand({
  name: 'token create',
  summary: 'Create an API token (shown once)',
  description:
    'The token is printed on a line of its own; only its SHA-256 is stored, so it cannot be shown ' +
    'again. Send it as `Authorization: Bearer <token>`.',
  options: OPTIONS,
  examples: [
    'npm run baton -- token create --name "CI pipeline" --role operator',
    'TOKEN=$(npm run -s baton -- token create --name ci --role operator --quiet)',
  ],
  parse(values) {
    return validateInput(
      CreateApiTokenSchema,
      {
        name: requireString(values, OPTIONS, 'name'),
        role: requireString(values, OPTIONS, 'role'),
        expiresAt: typeof values.expires === 'string' ? values.expires : undefined,
      },
      {
        name: { flag: '--name', isShown: true },
        role: { flag: '--role', isShown: true },
        expiresAt: { flag: '--expires', isShown: true },
      },
    );
  },
  async run(input, { io, session, isQuiet }) {
    const db = await session.db();
    // createApiToken takes the client, not a transaction; should the audit write fail, the
    // command fails before the token is shown, so an unaudited token is never handed out.
    const created = await createApiToken(db, input);
    await recordAudit(db, {
      actor: 'cli',
      action: 'token.created',
      targetType: 'api_token',
      targetId: created.id,
      metadata: { name: created.name, role: created.role, expiresAt: created.expiresAt },
    });
    if (isQuiet) {
      io.out(created.token);
      return;
    }
    const expiry = created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : '';
    io.out(`Created API token "${created.name}" (${created.role}${expiry}), id ${created.id}:`);
    io.out(created.token);
    io.out('Copy it now: it cannot be shown again.');
  },
});
