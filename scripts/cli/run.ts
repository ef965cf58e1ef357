/**
 * The CLI runner: picks the command from argv, parses and validates its arguments, runs it, and
 * maps the outcome to an exit code. Expected failures print one clear line, never a stack trace.
 */
import { isAppError } from '@/lib/errors';
import { SecretKeyError } from '@/lib/crypto/secrets';
import { UsageError, type CliIo, type CliSession, type Command } from './command';
import { COMMANDS } from './commands';
import { formatCommandHelp, formatGlobalHelp, formatGroupHelp, INVOCATION } from './help';
import { parseCommandArgs } from './parse';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface RunOptions {
  io: CliIo;
  /** Builds the session; it must not touch the database until a command asks for it. */
  createSession(options: { isQuiet: boolean }): CliSession;
  commands?: readonly Command[];
  /** Print stack traces of unexpected errors (BATON_DEBUG=1). */
  isDebug?: boolean;
}

export async function runCli(argv: readonly string[], options: RunOptions): Promise<number> {
  const { io, commands = COMMANDS } = options;
  let session: CliSession | undefined;
  let command: Command | undefined;
  try {
    const selected = selectCommand(argv, commands);
    if (typeof selected === 'string') {
      io.out(selected);
      return EXIT_OK;
    }
    command = selected.command;
    const { values, positionals, isHelp } = parseCommandArgs(command, selected.args);
    if (isHelp) {
      io.out(formatCommandHelp(command));
      return EXIT_OK;
    }
    const isQuiet = values.quiet === true;
    session = options.createSession({ isQuiet });
    await command.execute(values, positionals, { io, session, isQuiet });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, command, options);
  } finally {
    await session?.close().catch((error: unknown) => {
      io.err(`warning: closing the database failed: ${messageOf(error)}`);
    });
  }
}

/** The command and its remaining args, or a help text to print. */
function selectCommand(
  argv: readonly string[],
  commands: readonly Command[],
): { command: Command; args: string[] } | string {
  const [group, verb, ...rest] = argv;
  if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
    return formatGlobalHelp(commands);
  }
  const inGroup = commands.filter((command) => command.name.split(' ')[0] === group);
  if (inGroup.length === 0) {
    throw new UsageError(
      group.startsWith('-')
        ? `Unknown option ${group}: options go after the command, e.g. \`${INVOCATION} token list\`.`
        : `Unknown command "${group}". Commands: ${commands.map((c) => c.name).join(', ')}.`,
    );
  }
  if (verb === undefined || verb === '--help' || verb === '-h') {
    return formatGroupHelp(group, inGroup);
  }
  const command = inGroup.find((candidate) => candidate.name === `${group} ${verb}`);
  if (!command) {
    throw new UsageError(
      `Unknown command "${group} ${verb}". Commands: ${inGroup.map((c) => c.name).join(', ')}.`,
    );
  }
  return { command, args: rest };
}

function reportError(error: unknown, command: Command | undefined, options: RunOptions): number {
  const { io } = options;
  if (error instanceof UsageError) {
    io.err(`error: ${error.message}`);
    io.err(`Run \`${INVOCATION} ${command ? `${command.name} ` : ''}--help\` for usage.`);
    return EXIT_USAGE;
  }
  if (isAppError(error) || error instanceof SecretKeyError) {
    io.err(`error: ${error.message}`);
    return EXIT_FAILURE;
  }
  io.err(`error: ${messageOf(error)}`);
  if (options.isDebug && error instanceof Error && error.stack) io.err(error.stack);
  else io.err('This is unexpected. Run again with BATON_DEBUG=1 for the stack trace.');
  return EXIT_FAILURE;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
