/**
 * What builtin agents receive, and helpers to find the part of it they should work on.
 *
 * `text` is the task's instruction, e.g. "count the words in 'Hello world'" or "format the result as
 * JSON". `context` is what the task's dependencies produced: usually an array of
 * `{ ref, capability, output }` (one entry per dependency), or a bare value.
 */

export interface BuiltinInput {
  text: string;
  context?: unknown;
}

export interface BuiltinResult {
  /** JSON-serializable result (a number, an object…): what a dependent task receives. */
  output: unknown;
  /** The result as readable text. */
  text: string;
}

export type BuiltinErrorCode = 'UNKNOWN_AGENT' | 'UNKNOWN_CAPABILITY' | 'BAD_INPUT';

/** An expected failure of a builtin (bad input, unknown capability); the message is for people. */
export class BuiltinError extends Error {
  constructor(
    readonly code: BuiltinErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BuiltinError';
  }
}

/** Upper bound for any builtin's input text (characters). */
export const MAX_INPUT_CHARS = 100_000;

export function assertInputSize(text: string, max = MAX_INPUT_CHARS): void {
  if (text.length > max) {
    throw new BuiltinError(
      'BAD_INPUT',
      `The input is ${text.length.toLocaleString('en-US')} characters long; the limit is ${max.toLocaleString('en-US')}.`,
    );
  }
}

export interface TaskOutput {
  ref?: string;
  capability?: string;
  output: unknown;
  /** Set when the dependency failed (and `output` is then undefined). */
  error?: string;
  /** The step is a result of the whole request (no other step depends on it). */
  final?: boolean;
}

function isTaskOutput(value: unknown): value is TaskOutput {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    ('output' in value || ('error' in value && 'ref' in value))
  );
}

/** Dependency outputs as a list of `{ ref, capability, output }` (a bare value becomes one entry). */
export function taskOutputsOf(context: unknown): TaskOutput[] {
  if (context === undefined || context === null) return [];
  if (Array.isArray(context)) {
    return context.map((entry) => (isTaskOutput(entry) ? entry : { output: entry }));
  }
  if (isTaskOutput(context)) return [context];
  return [{ output: context }];
}

/** The single value the context holds (the last dependency's output when there are several). */
export function contextValue(context: unknown): unknown {
  const outputs = taskOutputsOf(context);
  return outputs.length === 0 ? undefined : outputs[outputs.length - 1]!.output;
}

/** Text from the context: a string output, or the `text`/`summary` field of an object output. */
export function contextText(context: unknown): string | null {
  const parts = taskOutputsOf(context)
    .map(({ output }) => textOf(output))
    .filter((part): part is string => !!part && part.trim() !== '');
  return parts.length > 0 ? parts.join('\n\n') : null;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    for (const key of ['text', 'summary', 'answer', 'content']) {
      const field = (value as Record<string, unknown>)[key];
      if (typeof field === 'string') return field;
    }
  }
  return null;
}

/** The longest quoted passage ('…', "…", “…”, ‘…’), or null. */
export function quotedText(text: string): string | null {
  const patterns = [
    /"([^"]+)"/g,
    /“([^”]+)”/g,
    /‘([^’]+)’/g,
    /(?<![\p{L}\p{N}])'(.+?)'(?![\p{L}\p{N}])/gu,
  ];
  let best: string | null = null;
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const candidate = match[1]!.trim();
      if (candidate && (!best || candidate.length > best.length)) best = candidate;
    }
  }
  return best;
}

/**
 * The text a text tool should work on: what follows an introducing colon ("Summarize this: …");
 * else a quoted passage ("count the words in 'Hello world'"); else the dependencies' text when the
 * input is only an instruction; else the input minus a leading instruction matched by `instruction`.
 */
export function subjectText(input: BuiltinInput, instruction: RegExp): string {
  const colon = /^([^:\n]{0,80}):\s*([\s\S]+)$/.exec(input.text.trim());
  if (colon && instruction.test(`${colon[1]!}:`)) {
    const rest = colon[2]!.trim();
    const quoted = quotedText(rest);
    // "count the words in: 'Hello world'" — a passage that is one quotation loses its quotes.
    return quoted && rest.length - quoted.length <= 2 ? quoted : rest;
  }
  const quoted = quotedText(input.text);
  if (quoted) return quoted;
  const stripped = input.text.trim().replace(instruction, '').trim();
  const fromContext = contextText(input.context);
  if (fromContext && isOnlyInstruction(stripped)) return fromContext;
  return stripped;
}

/** What is left of an instruction once its verb is stripped: "", "the result", "the text above"… */
function isOnlyInstruction(rest: string): boolean {
  return /^(?:(?:of|in|from|for)\s+)?(?:(?:the|this|that|these|those|it|its|previous|above|prior|last|following|output|outputs|result|results|text|answer|article|document|paragraph|passage|message|content|step|steps|please|[.!?,]|\s)+)?$/i.test(
    rest,
  );
}
