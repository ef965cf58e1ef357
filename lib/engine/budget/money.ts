import type { Micros } from '../types';

/** Micro-dollars in one US dollar. */
export const MICROS_PER_USD = 1_000_000n;

const USD_PATTERN = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

/**
 * Parses a dollar amount typed by a person ("12", "0.5", "3.141592") into micro-dollars without going
 * through a float. Returns null for anything else (negative, more than 6 decimals, exponent, junk).
 */
export function parseUsd(text: string): Micros | null {
  const match = USD_PATTERN.exec(text.trim());
  if (!match) return null;
  const whole = BigInt(match[1]!);
  const fraction = BigInt((match[2] ?? '').padEnd(6, '0'));
  return whole * MICROS_PER_USD + fraction;
}

/**
 * Formats micro-dollars for display: "$0.00" for zero, at least two decimals, and up to six when the
 * amount has sub-cent precision (agent calls often cost fractions of a cent).
 */
export function formatUsd(micros: Micros): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS_PER_USD;
  let fraction = (abs % MICROS_PER_USD).toString().padStart(6, '0').replace(/0+$/, '');
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
  const wholeText = whole.toLocaleString('en-US');
  return `${negative ? '-' : ''}$${wholeText}.${fraction}`;
}

/** Sums a list of amounts. */
export function sumMicros(amounts: readonly Micros[]): Micros {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}
