/**
 * Runs a builtin agent's capability in-process. The single entry point for the builtin adapter and
 * for Baton's own A2A server (a2a-server.ts), so both paths do exactly the same work.
 */
import type { BuiltinAgentName } from '../config';
import { runCalculate } from './calculator';
import { BUILTIN_AGENTS, type BuiltinAgentDefinition } from './catalog';
import { BuiltinError, type BuiltinInput, type BuiltinResult } from './input';
import { formatJson } from './json-formatter';
import { synthesize } from './synthesizer';
import { countWords, extractKeywords, summarize } from './text-tools';

export { BuiltinError, type BuiltinInput, type BuiltinResult } from './input';

type Handler = (input: BuiltinInput) => BuiltinResult;

/** Every capability of every builtin agent (a unit test checks this matches the catalog). */
export const BUILTIN_HANDLERS = {
  calculator: { calculate: runCalculate },
  'text-tools': {
    count_words: countWords,
    summarize,
    extract_keywords: extractKeywords,
  },
  'json-formatter': { format_json: formatJson },
  synthesizer: { synthesize },
} as const satisfies Record<BuiltinAgentName, Record<string, Handler>>;

export function findBuiltinAgent(name: string): BuiltinAgentDefinition | undefined {
  return BUILTIN_AGENTS.find((agent) => agent.name === name);
}

/**
 * Runs `capability` of the builtin agent `agentName`. Throws BuiltinError for an unknown agent or
 * capability and for input the capability cannot work with; the message says what to change.
 */
export function runBuiltin(
  agentName: string,
  capability: string,
  input: BuiltinInput,
): BuiltinResult {
  const handlers = (BUILTIN_HANDLERS as Record<string, Record<string, Handler>>)[agentName];
  if (!handlers || !Object.hasOwn(BUILTIN_HANDLERS, agentName)) {
    throw new BuiltinError(
      'UNKNOWN_AGENT',
      `There is no builtin agent "${agentName}" (there are: ${Object.keys(BUILTIN_HANDLERS).join(', ')}).`,
    );
  }
  if (!Object.hasOwn(handlers, capability)) {
    throw new BuiltinError(
      'UNKNOWN_CAPABILITY',
      `The builtin agent "${agentName}" has no capability "${capability}" (it has: ${Object.keys(handlers).join(', ')}).`,
    );
  }
  if (typeof input?.text !== 'string') {
    throw new BuiltinError('BAD_INPUT', 'The input must have a text.');
  }
  return handlers[capability]!(input);
}

/** One known-answer check per builtin agent: the in-process health probe. */
export const BUILTIN_SELF_TESTS: Record<
  BuiltinAgentName,
  { capability: string; input: BuiltinInput; expect: (result: BuiltinResult) => boolean }
> = {
  calculator: { capability: 'calculate', input: { text: '2 + 2' }, expect: (r) => r.output === 4 },
  'text-tools': {
    capability: 'count_words',
    input: { text: "count the words in 'Hello world'" },
    expect: (r) => (r.output as { words: number }).words === 2,
  },
  'json-formatter': {
    capability: 'format_json',
    input: { text: '105' },
    expect: (r) => JSON.stringify(r.output) === '{"result":105}',
  },
  synthesizer: {
    capability: 'synthesize',
    input: { text: '', context: [{ ref: 't1', capability: 'calculate', output: 4 }] },
    expect: (r) => r.text === '4',
  },
};
