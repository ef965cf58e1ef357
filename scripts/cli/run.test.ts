import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { defineCommand, type CliIo, type CliSession } from './command';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from './run';

interface Harness {
  io: CliIo;
  stdout: string[];
  stderr: string[];
  /** How often a command asked for the database. */
  databaseUses: number;
  closes: number;
}

function harness({ stdin = '', isStdinTty = false } = {}): Harness {
  const state: Harness = {
    stdout: [],
    stderr: [],
    databaseUses: 0,
    closes: 0,
    io: {
      out: (line) => state.stdout.push(line),
      err: (line) => state.stderr.push(line),
      readStdin: async () => stdin,
      isStdinTty,
    },
  };
  return state;
}

function run(argv: string[], state: Harness, commands?: Parameters<typeof runCli>[1]['commands']) {
  const session: CliSession = {
    db: async () => {
      state.databaseUses += 1;
      throw new Error('unit tests have no database');
    },
    auth: async () => {
      state.databaseUses += 1;
      throw new Error('unit tests have no database');
    },
    close: async () => {
      state.closes += 1;
    },
  };
  return runCli(argv, { io: state.io, createSession: () => session, commands });
}

describe('runCli usage', () => {
  it('prints the command list for no arguments and --help', async () => {
    for (const argv of [[], ['--help'], ['-h']]) {
      const state = harness();
      expect(await run(argv, state)).toBe(EXIT_OK);
      const help = state.stdout.join('\n');
      for (const name of [
        'user create',
        'user list',
        'token create',
        'token list',
        'token revoke',
      ]) {
        expect(help).toContain(name);
      }
    }
  });

  it("prints a command's options for --help without opening the database", async () => {
    const state = harness();
    expect(await run(['user', 'create', '--help'], state)).toBe(EXIT_OK);
    const help = state.stdout.join('\n');
    expect(help).toContain('Usage: npm run baton -- user create --email <email> --role <role>');
    expect(help).toContain('--password-stdin');
    expect(state.databaseUses).toBe(0);
  });

  it.each([
    [['deploy'], 'Unknown command "deploy"'],
    [['user', 'delete'], 'Unknown command "user delete"'],
    [
      ['user', 'create', '--email', 'a@example.com', '--role', 'admin', '--bogus'],
      'Unknown option --bogus',
    ],
    [['user', 'create', '--email', 'a@example.com'], 'Missing --role <role>'],
    [['user', 'create', '--email', '--role', 'admin'], '--email needs a value'],
    [
      ['user', 'create', '--email', 'a@example.com', '--role', 'root'],
      'Invalid --role "root": Choose viewer, operator or admin.',
    ],
    [
      ['user', 'create', '--email', 'not-an-email', '--role', 'admin'],
      'Invalid --email "not-an-email"',
    ],
    [
      ['user', 'create', '--email', 'a@example.com', '--role', 'admin', '--quiet'],
      '--quiet needs --password-stdin',
    ],
    [
      ['token', 'create', '--name', 'ci', '--role', 'admin', '--quiet=yes'],
      '--quiet takes no value',
    ],
    [
      ['token', 'create', '--name', '  ', '--role', 'admin'],
      'Invalid --name "  ": Give the token a name',
    ],
    [['token', 'list', 'extra'], '`token list` takes no arguments, got "extra"'],
    [['token', 'revoke'], 'Missing <id>'],
    [['token', 'revoke', '42'], 'Invalid <id> "42": Token ids are UUIDs'],
  ])(
    '%j exits 2 with a message naming the problem, before any database work',
    async (argv, message) => {
      const state = harness();
      expect(await run(argv, state)).toBe(EXIT_USAGE);
      expect(state.stderr[0]).toContain(message);
      expect(state.stderr.join('\n')).toContain('--help` for usage.');
      expect(state.databaseUses).toBe(0);
    },
  );

  it('validates a password from stdin without echoing it, and refuses a terminal', async () => {
    const argv = [
      'user',
      'create',
      '--email',
      'a@example.com',
      '--role',
      'admin',
      '--password-stdin',
    ];

    const short = harness({ stdin: 'hunter2\n' });
    expect(await run(argv, short)).toBe(EXIT_USAGE);
    expect(short.stderr[0]).toBe(
      'error: Invalid password from --password-stdin: Use at least 12 characters.',
    );

    const multiline = harness({ stdin: 'first-line-long-enough\nsecond\n' });
    expect(await run(argv, multiline)).toBe(EXIT_USAGE);
    expect(multiline.stderr[0]).toContain('must be a single line');
    expect(multiline.stderr.join('\n')).not.toContain('first-line-long-enough');

    const tty = harness({ isStdinTty: true });
    expect(await run(argv, tty)).toBe(EXIT_USAGE);
    expect(tty.stderr[0]).toContain('--password-stdin reads the password from a pipe');

    expect(short.databaseUses + multiline.databaseUses + tty.databaseUses).toBe(0);
  });
});

describe('runCli failures', () => {
  const failing = (error: unknown) =>
    defineCommand({
      name: 'fake fail',
      summary: 'Fails',
      options: {},
      examples: [],
      parse: () => undefined,
      run: async () => {
        throw error;
      },
    });

  it('reports an expected failure in one line with exit 1 and closes the session', async () => {
    const state = harness();
    const error = new AppError('NOT_FOUND', 'No active API token has this id.');
    expect(await run(['fake', 'fail'], state, [failing(error)])).toBe(EXIT_FAILURE);
    expect(state.stderr).toEqual(['error: No active API token has this id.']);
    expect(state.closes).toBe(1);
  });

  it('reports an unexpected error without a stack trace unless asked for', async () => {
    const state = harness();
    expect(await run(['fake', 'fail'], state, [failing(new TypeError('boom'))])).toBe(EXIT_FAILURE);
    expect(state.stderr[0]).toBe('error: boom');
    expect(state.stderr.join('\n')).toContain('BATON_DEBUG=1');
    expect(state.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });
});
