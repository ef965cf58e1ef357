import { type Micros } from '../types';

/** Token counts used to estimate a call's cost before it is made. */
export interface TokenEstimate {
  inputTokens: number;
  outputTokens: number;
}

/** Characters per token for the rough estimate: OpenAI's published rule of thumb for English. */
export const CHARS_PER_TOKEN = 4;

/**
 * Rough token estimate from the task text when the planner gave none: ⌈chars / 4⌉ input tokens and
 * as many output tokens (most routed tasks answer in about the length they are asked in). Rough on
 * purpose — it ranks agents by price and guards the budget; the real cost is recorded afterwards.
 */
export function estimateTokens(text: string): TokenEstimate {
  const inputTokens = Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));
  return { inputTokens, outputTokens: inputTokens };
}

export interface AgentPricing {
  /** Micro-dollars per million input tokens. */
  priceInputPerMTok: Micros;
  /** Micro-dollars per million output tokens. */
  priceOutputPerMTok: Micros;
  /** Flat micro-dollars per call (webhooks, paid APIs). */
  pricePerCall: Micros;
}

const TOKENS_PER_MTOK = 1_000_000n;

/**
 * Estimated cost of one call in micro-dollars: the flat price plus token prices, each rounded UP to
 * a whole micro-dollar so the budget check errs on the safe side.
 */
export function estimateCallCost(pricing: AgentPricing, tokens: TokenEstimate): Micros {
  return (
    pricing.pricePerCall +
    ceilDiv(pricing.priceInputPerMTok * toTokenCount(tokens.inputTokens), TOKENS_PER_MTOK) +
    ceilDiv(pricing.priceOutputPerMTok * toTokenCount(tokens.outputTokens), TOKENS_PER_MTOK)
  );
}

function toTokenCount(tokens: number): bigint {
  if (!Number.isFinite(tokens) || tokens < 0) {
    throw new RangeError(`Token estimate must be a finite number >= 0, got ${tokens}.`);
  }
  return BigInt(Math.ceil(tokens));
}

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
