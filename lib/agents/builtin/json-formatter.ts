/**
 * The json-formatter builtin: validates and pretty-prints a JSON document, or wraps a plain value
 * (a previous step's result such as `105`) into a JSON object: `{"result": 105}`.
 */
import {
  assertInputSize,
  BuiltinError,
  contextValue,
  quotedText,
  type BuiltinInput,
  type BuiltinResult,
} from './input';

type Found = { value: unknown };

function parseJson(text: string): Found | null {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** A JSON object or array embedded in the text ("pretty-print this: {…}"); throws when invalid. */
function embeddedJson(text: string): Found | null {
  const start = text.search(/[[{]/);
  if (start < 0) return null;
  const close = text[start] === '{' ? '}' : ']';
  const end = text.lastIndexOf(close);
  if (end <= start) return null;
  const candidate = text.slice(start, end + 1);
  try {
    return { value: JSON.parse(candidate) as unknown };
  } catch (error) {
    throw new BuiltinError(
      'BAD_INPUT',
      `That is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

/** A string that holds JSON (a previous step that answered with JSON text) is read as JSON. */
function unwrapJsonString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!/^[[{]/.test(trimmed)) return value;
  return parseJson(trimmed)?.value ?? value;
}

/** What to format, in order: the input as JSON, JSON inside it, the dependency's output, a quoted string, a lone number. */
function findValue(input: BuiltinInput): Found | null {
  const text = input.text.trim();
  if (text) {
    const whole = parseJson(text);
    if (whole) return whole;
    const embedded = embeddedJson(text);
    if (embedded) return embedded;
  }
  const fromContext = contextValue(input.context);
  if (fromContext !== undefined) return { value: unwrapJsonString(fromContext) };
  const quoted = quotedText(text);
  if (quoted !== null) return { value: quoted };
  const numbers = text.match(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi) ?? [];
  if (numbers.length === 1) return { value: Number(numbers[0]) };
  return null;
}

export function formatJson(input: BuiltinInput): BuiltinResult {
  assertInputSize(input.text);
  const found = findValue(input);
  if (!found) {
    throw new BuiltinError(
      'BAD_INPUT',
      'Nothing to format: give a JSON document, a value, or a task dependency whose output should become JSON.',
    );
  }
  const value = found.value;
  const output = value !== null && typeof value === 'object' ? value : { result: value ?? null };
  return { output, text: JSON.stringify(output, null, 2) };
}
