/**
 * Argument parsing on Node's util.parseArgs (strict), with its errors reworded to name the flag and
 * the problem, and zod validation failures reported against the flag the value came from.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { UsageError, type ArgValues, type Command, type OptionSpec } from './command';

export interface ParsedArgs {
  values: ArgValues;
  positionals: string[];
  isHelp: boolean;
}

export function parseCommandArgs(command: Command, args: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.options)) options[name] = { type: spec.type };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, command));
  }
  const { help, ...values } = parsed.values as ArgValues;
  const isHelp = help === true;
  if (!isHelp && parsed.positionals.length > command.positionals.length) {
    const extra = parsed.positionals[command.positionals.length];
    throw new UsageError(
      command.positionals.length === 0
        ? `\`${command.name}\` takes no arguments, got "${extra}".`
        : `Unexpected extra argument "${extra}".`,
    );
  }
  return { values, positionals: parsed.positionals, isHelp };
}

/** Node's parseArgs messages, reworded: the flag first, then what is wrong with it. */
function describeParseError(error: unknown, command: Command): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-{1,2}[^' ]+)/.exec(message ?? '')?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option} for \`${command.name}\`.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message ?? '')) return `${option} takes no value.`;
      if (/ambiguous/.test(message ?? '')) {
        return `${option} needs a value, but the next argument is an option. For a value that starts with "-", write ${option}=<value>.`;
      }
      return `${option} needs a value.`;
    default:
      return message ?? String(error);
  }
}

/** The value of a required string option, or a UsageError naming it. */
export function requireString(
  values: ArgValues,
  options: Record<string, OptionSpec>,
  name: string,
): string {
  const value = values[name];
  if (typeof value === 'string') return value;
  const spec = options[name];
  const placeholder = spec?.valueName ? ` ${spec.valueName}` : '';
  throw new UsageError(`Missing --${name}${placeholder} (${spec?.description ?? 'required'}).`);
}

export function optionalString(values: ArgValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Where a schema field came from on the command line, for error messages. */
export interface FieldSource {
  /** e.g. `--role`. */
  flag: string;
  /** Echo the rejected value in the message (never for secrets). */
  isShown: boolean;
}

/**
 * Validates with the app's own schema (so the CLI accepts exactly what the UI and API accept) and
 * turns the first problem into a UsageError that names the flag: `Invalid --role "root": …`.
 */
export function validateInput<Schema extends z.ZodType>(
  schema: Schema,
  input: Record<string, unknown>,
  sources: Record<string, FieldSource>,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const source = sources[field];
  if (!source) throw new UsageError(issue.message);
  const value = input[field];
  const shown = source.isShown && typeof value === 'string' ? ` "${value}"` : '';
  throw new UsageError(`Invalid ${source.flag}${shown}: ${issue.message}`);
}
