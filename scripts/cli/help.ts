/** --help texts, generated from the command definitions so they cannot drift from the parser. */
import type { Command, OptionSpec } from './command';

export const INVOCATION = 'npm run baton --';

export function formatGlobalHelp(commands: readonly Command[]): string {
  return [
    'Baton from the command line: create users and API tokens, for people and for scripts.',
    '',
    `Usage: ${INVOCATION} <command> [options]`,
    '',
    'Commands:',
    ...alignColumns(commands.map((command) => [command.name, command.summary])),
    '',
    `Run \`${INVOCATION} <command> --help\` for a command's options.`,
    '',
    'Database: DATABASE_URL when set. Otherwise the embedded database in $BATON_DATA_DIR (default',
    '.data): through the running Baton, or started just for the command (a fresh directory is set up).',
    '',
    'Exit codes: 0 success, 1 failure, 2 wrong usage.',
  ].join('\n');
}

export function formatGroupHelp(group: string, commands: readonly Command[]): string {
  return [
    `Usage: ${INVOCATION} ${group} <${commands.map((c) => c.name.split(' ')[1]).join('|')}> [options]`,
    '',
    'Commands:',
    ...alignColumns(commands.map((command) => [command.name, command.summary])),
    '',
    `Run \`${INVOCATION} ${group} <command> --help\` for a command's options.`,
  ].join('\n');
}

export function formatCommandHelp(command: Command): string {
  const required = Object.entries(command.options)
    .filter(([, spec]) => spec.isRequired)
    .map(([name, spec]) => formatFlag(name, spec));
  const usage = [
    INVOCATION,
    command.name,
    ...command.positionals.map((p) => `<${p.name}>`),
    ...required,
    '[options]',
  ].join(' ');
  const options = alignColumns([
    ...Object.entries(command.options).map(([name, spec]): [string, string] => [
      formatFlag(name, spec),
      spec.description,
    ]),
    ['-h, --help', 'Show this help'],
  ]);
  return [
    `${command.summary}.`,
    '',
    `Usage: ${usage}`,
    ...(command.description ? ['', command.description] : []),
    ...(command.positionals.length
      ? ['', 'Arguments:', ...alignColumns(command.positionals.map((p) => [p.name, p.description]))]
      : []),
    '',
    'Options:',
    ...options,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
  ].join('\n');
}

function alignColumns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function formatFlag(name: string, spec: OptionSpec): string {
  return spec.valueName ? `--${name} ${spec.valueName}` : `--${name}`;
}
