import { randomBytes } from 'node:crypto';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/constants';
import { hashPassword, insertUserWithPassword } from '@/lib/auth/users';
import { recordAudit } from '@/lib/db/repositories/audit';
import { CreateUserSchema } from '@/lib/schemas/auth';
import { defineCommand, UsageError, type CliIo, type OptionSpec } from '../command';
import { optionalString, requireString, validateInput, type FieldSource } from '../parse';

/** 18 random bytes → 24 base64url characters (144 bits): well above the 12-character minimum. */
const GENERATED_PASSWORD_BYTES = 18;

const SOURCES: Record<string, FieldSource> = {
  email: { flag: '--email', isShown: true },
  name: { flag: '--name', isShown: true },
  role: { flag: '--role', isShown: true },
  password: { flag: 'password from --password-stdin', isShown: false },
};

const OPTIONS = {
  email: {
    type: 'string',
    valueName: '<email>',
    description: 'Email address, used to sign in',
    isRequired: true,
  },
  role: {
    type: 'string',
    valueName: '<role>',
    description: 'viewer, operator or admin',
    isRequired: true,
  },
  name: {
    type: 'string',
    valueName: '<name>',
    description: 'Display name (default: the part of the email before @)',
  },
  'password-stdin': {
    type: 'boolean',
    description: `Read the password from stdin (one line, ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters)`,
  },
  quiet: { type: 'boolean', description: 'Print only the user id (needs --password-stdin)' },
} satisfies Record<string, OptionSpec>;

export const userCreate = defineCommand({
  name: 'user create',
  summary: 'Create a user who signs in with email and password',
  description:
    'Without --password-stdin a strong password is generated and printed once. Prints the new ' +
    "user's id.",
  options: OPTIONS,
  examples: [
    'npm run baton -- user create --email ops@example.com --role admin',
    'printf %s "$PASSWORD" | npm run -s baton -- user create --email ci@example.com --role operator --password-stdin --quiet',
  ],
  parse(values) {
    const email = requireString(values, OPTIONS, 'email');
    const role = requireString(values, OPTIONS, 'role');
    const isPasswordFromStdin = values['password-stdin'] === true;
    if (values.quiet === true && !isPasswordFromStdin) {
      throw new UsageError(
        '--quiet needs --password-stdin: a generated password must be shown, and only once.',
      );
    }
    const name = optionalString(values, 'name') ?? email.trim().split('@')[0] ?? '';
    // The password is validated with the rest once it has been read (run).
    const checked = validateInput(
      CreateUserSchema.omit({ password: true }),
      { email, role, name },
      SOURCES,
    );
    return { ...checked, isPasswordFromStdin };
  },
  async run(input, { io, session, isQuiet }) {
    const password = input.isPasswordFromStdin
      ? await readPasswordFromStdin(io)
      : randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url');
    const user = validateInput(CreateUserSchema, { ...input, password }, SOURCES);

    const auth = await session.auth();
    const db = await session.db();
    const passwordHash = await hashPassword(auth, user.password);
    const created = await db.$transaction(async (tx) => {
      const row = await insertUserWithPassword(tx, { ...user, passwordHash });
      await recordAudit(tx, {
        actor: 'cli',
        action: 'user.created',
        targetType: 'user',
        targetId: row.id,
        metadata: { email: row.email, role: row.role },
      });
      return row;
    });

    if (isQuiet) {
      io.out(created.id);
      return;
    }
    io.out(`Created ${created.role} ${created.email} (${created.name}).`);
    io.out(`id: ${created.id}`);
    if (!input.isPasswordFromStdin) {
      io.out(`password: ${password}`);
      io.out('The password is shown only this once: hand it over now.');
    }
  },
});

/** One line from a pipe. A terminal is refused: the password would be echoed as it is typed. */
async function readPasswordFromStdin(io: CliIo): Promise<string> {
  if (io.isStdinTty) {
    throw new UsageError(
      '--password-stdin reads the password from a pipe, e.g. `printf %s "$PASSWORD" | npm run baton -- user create … --password-stdin`. ' +
        'Leave it out to have a strong password generated.',
    );
  }
  const text = (await io.readStdin()).replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) {
    throw new UsageError('The password from --password-stdin must be a single line.');
  }
  return text;
}
