/**
 * The shape of a CLI command. Each command lives in `commands/<group>-<verb>.ts` and is declared
 * with defineCommand: its options (for util.parseArgs and for --help), a pure `parse` that turns
 * argv values into validated input, and `run`, which does the work. Parsing happens before the
 * database is opened, so a bad flag costs nothing and never touches data.
 */
import type { BatonAuth } from '@/lib/auth/auth-instance';
import type { PrismaClient } from '@/lib/db/prisma';

/** Wrong usage: unknown command or flag, missing or invalid value. Exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  /** A line of the command's result (stdout): what scripts capture. */
  out(line: string): void;
  /** A line for the operator (stderr): progress, notes and errors. */
  err(line: string): void;
  /** All of stdin, as text. */
  readStdin(): Promise<string>;
  isStdinTty: boolean;
}

/** The database side of a command, opened on first use and closed by the runner. */
export interface CliSession {
  db(): Promise<PrismaClient>;
  /** better-auth, keyed like the server (needs the secret key; checked against the database). */
  auth(): Promise<BatonAuth>;
  close(): Promise<void>;
}

export interface CommandContext {
  io: CliIo;
  session: CliSession;
  /** True when --quiet was given: only the result goes to stdout, no notes. */
  isQuiet: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. `<email>`. */
  valueName?: string;
  description: string;
  /** Shown in the usage line; enforced by the command's parse (with requireString). */
  isRequired?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
}

export type ArgValues = Record<string, string | boolean | undefined>;

export interface Command {
  /** Words that select the command, e.g. `user create`. */
  name: string;
  summary: string;
  /** Paragraph shown under the usage line in --help. */
  description?: string;
  options: Record<string, OptionSpec>;
  positionals: PositionalSpec[];
  examples: string[];
  execute(values: ArgValues, positionals: string[], context: CommandContext): Promise<void>;
}

export interface CommandDefinition<Input> extends Omit<Command, 'execute' | 'positionals'> {
  positionals?: PositionalSpec[];
  /** Validates the parsed arguments; throws UsageError naming the flag. No I/O. */
  parse(values: ArgValues, positionals: string[]): Input;
  run(input: Input, context: CommandContext): Promise<void>;
}

export function defineCommand<Input>(definition: CommandDefinition<Input>): Command {
  const { parse, run, positionals = [], ...rest } = definition;
  return {
    ...rest,
    positionals,
    async execute(values, args, context) {
      await run(parse(values, args), context);
    },
  };
}
