/**
 * Usage and cost an A2A agent reports about its own work (ADR 0054, docs/agents/a2a-usage.md).
 * A2A has no usage field, so agents put it in `metadata.usage` of the task, of a status update, of
 * the status message or of the reply message:
 *
 *   { "usage": { "inputTokens": 1200, "outputTokens": 340, "costMicros": 2150 } }
 *
 * Accepted keys (aliases in brackets): `inputTokens` [`input_tokens`, `promptTokens`,
 * `prompt_tokens`], `outputTokens` [`output_tokens`, `completionTokens`, `completion_tokens`]: whole
 * numbers of tokens; `costMicros` [`cost_micros`]: micro-dollars as a whole number or a string of
 * digits; `costUsd` [`cost_usd`]: dollars as a decimal number or string with at most 6 decimals.
 * Values are the task's totals: when several places report, the last one read counts, key by key.
 * A value that is not one of these is ignored and named in `problems` (the caller logs a warning);
 * nothing here throws.
 */
import type { InvokeUsage } from './types';

export interface ReportedUsage {
  usage?: InvokeUsage;
  costMicros?: bigint;
  /** What was ignored and why, for a warning. */
  problems: string[];
}

const INPUT_KEYS = ['inputTokens', 'input_tokens', 'promptTokens', 'prompt_tokens'] as const;
const OUTPUT_KEYS = [
  'outputTokens',
  'output_tokens',
  'completionTokens',
  'completion_tokens',
] as const;
const COST_MICROS_KEYS = ['costMicros', 'cost_micros'] as const;
const COST_USD_KEYS = ['costUsd', 'cost_usd'] as const;
/** Costs above this (a million dollars for one task) are not believed. */
const MAX_COST_MICROS = 10n ** 12n;
/** Token counts the database's int columns hold. */
const MAX_TOKENS = 2 ** 31 - 1;

function first(
  usage: Record<string, unknown>,
  keys: readonly string[],
): [string, unknown] | undefined {
  for (const key of keys) if (key in usage) return [key, usage[key]];
  return undefined;
}

function tokens(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TOKENS
    ? value
    : null;
}

function micros(value: unknown): bigint | null {
  let amount: bigint | null = null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    amount = BigInt(value);
  } else if (typeof value === 'string' && /^\d{1,20}$/.test(value)) amount = BigInt(value);
  return amount !== null && amount <= MAX_COST_MICROS ? amount : null;
}

/** Dollars → micro-dollars without floating-point arithmetic (the decimal digits are shifted). */
function usdToMicros(value: unknown): bigint | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return null;
  const match = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) return null;
  const amount = BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
  return amount <= MAX_COST_MICROS ? amount : null;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Reads `metadata.usage` from each of `sources` (metadata objects, oldest first; anything else is
 * skipped). Returns nothing for usage nobody reported.
 */
export function readReportedUsage(sources: readonly unknown[]): ReportedUsage {
  let tokensIn: number | undefined;
  let tokensOut: number | undefined;
  let costMicros: bigint | undefined;
  const problems: string[] = [];
  for (const metadata of sources) {
    if (!metadata || typeof metadata !== 'object' || !('usage' in metadata)) continue;
    const usage = (metadata as { usage: unknown }).usage;
    if (!usage || typeof usage !== 'object' || Array.isArray(usage)) {
      problems.push(`usage must be an object, not ${shown(usage)}`);
      continue;
    }
    const fields = usage as Record<string, unknown>;
    const input = first(fields, INPUT_KEYS);
    if (input) {
      const value = tokens(input[1]);
      if (value === null)
        problems.push(`usage.${input[0]} must be a whole number of tokens, not ${shown(input[1])}`);
      else tokensIn = value;
    }
    const output = first(fields, OUTPUT_KEYS);
    if (output) {
      const value = tokens(output[1]);
      if (value === null)
        problems.push(
          `usage.${output[0]} must be a whole number of tokens, not ${shown(output[1])}`,
        );
      else tokensOut = value;
    }
    const costM = first(fields, COST_MICROS_KEYS);
    const costU = first(fields, COST_USD_KEYS);
    if (costM) {
      const value = micros(costM[1]);
      if (value === null)
        problems.push(
          `usage.${costM[0]} must be whole micro-dollars (at most 10^12), not ${shown(costM[1])}`,
        );
      else costMicros = value;
    } else if (costU) {
      const value = usdToMicros(costU[1]);
      if (value === null)
        problems.push(
          `usage.${costU[0]} must be dollars with at most 6 decimals, not ${shown(costU[1])}`,
        );
      else costMicros = value;
    }
  }
  return {
    ...(tokensIn !== undefined || tokensOut !== undefined
      ? { usage: { tokensIn: tokensIn ?? 0, tokensOut: tokensOut ?? 0 } }
      : {}),
    ...(costMicros !== undefined ? { costMicros } : {}),
    problems,
  };
}
