import { validatePlan, type PlannedTask } from '../dag/validate';
import { planningFailure, type CapabilityInfo, type PlanningResult } from './result';

/**
 * The planner that needs no LLM. Deterministic: the same text and catalog always give the same plan.
 *
 * 1. Split. The request is cut into clauses at " and ", " then ", ", then", "and then", ";" and
 *    sentence ends (". ", "! ", "? "), never inside quotes ('…', "…", `…`, “…”, ‘…’; an apostrophe
 *    inside a word such as "don't" does not open a quote, and an unclosed quote is literal text).
 *    Leading connectors ("and", "then", "next", "after that") and trailing punctuation are trimmed.
 * 2. Match. Each clause's words outside quotes are lower-cased, stop words dropped, numbers dropped
 *    and the rest stemmed (suffix stripping: "calculation", "calculator" → "calcul"). A clause with an
 *    arithmetic expression ("15 * 7") also gets the term `#expr`, as does any capability with such an
 *    example. Each capability's terms come from its name (weight 3), tags (2), examples (1, quotes
 *    excluded) and description (0.5); a term's weight is the highest among the fields it appears in.
 *    score(clause, capability) = Σ over distinct clause terms of weight × idf, where
 *    idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (BM25's, over the N catalog capabilities), so words
 *    many capabilities share ("text") count for little. The best score wins if it is at least
 *    MIN_MATCH_SCORE and strictly above every other; a tie is an AMBIGUOUS_CLAUSE error, no match a
 *    NO_MATCHING_CAPABILITY error — the planner never guesses.
 * 3. Link. A clause depends on the previous clause when it was introduced by "then" (or "next",
 *    "after that", "afterwards") or refers back outside quotes: "the result", "the output", "it",
 *    "its", "that", "previous". "the/both/all/these/those results" (or outputs) and "them" depend on
 *    every earlier task no other task depends on yet (e.g. combine two parallel results).
 *
 * Each task's `input` and `description` are its clause text, quotes preserved; refs are the
 * capability name, suffixed `_2`, `_3`… when a capability is used again.
 */

/** A clause must score at least this to match (≈ one name word shared by two of six capabilities). */
export const MIN_MATCH_SCORE = 1;

const FIELD_WEIGHTS = { name: 3, tag: 2, example: 1, description: 0.5 } as const;

const EXPR_TERM = '#expr';
const ARITHMETIC = /\d\s*[-+*/^×÷%]\s*[\d(]|\(\s*\d/;

const QUOTE_CLOSERS: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '“': '”',
  '‘': '’',
};
/** Stands in for quoted characters: matched by neither separators, words nor `\s`. */
const MASK = '\u0001';
const WORD_CHAR = /[\p{L}\p{N}]/u;

const SEPARATOR =
  /\s*;\s*|\s*,\s*then\s+|\s*,?\s+and\s+then\s+|\s*,?\s+and\s+|\s+then\s+|(?<=[.!?])\s+/giu;
const LEADING_CONNECTORS = /^(?:(?:and|then|next|also|finally|after\s+that|afterwards)\b[\s,]*)+/iu;
const SEQUENTIAL_CONNECTOR = /\b(?:then|next|after\s+that|afterwards)\b/iu;
const REFERS_TO_ALL = /\b(?:the|both|all|these|those)\s+(?:results|outputs)\b|\bthem\b/iu;
const REFERS_TO_PREVIOUS = /\b(?:the\s+result|the\s+output|it|its|that|previous)\b/iu;

const STOP_WORDS = new Set(
  (
    'a an the and or but then also next finally afterwards after in on of to for from by with as at ' +
    'into about is are be was were been what which who how many much me my i you your we our us ' +
    'please can could would will should do does give get show tell this that these those it its ' +
    'them they their result results output outputs previous both all some any each every same one'
  ).split(' '),
);

const SUFFIXES = [
  'ations', 'ation', 'ators', 'ator', 'ating', 'ated', 'ates', 'ate', 'izing', 'ising', 'ized',
  'ised', 'izes', 'ises', 'ize', 'ise', 'ions', 'ion', 'ings', 'ing', 'ies', 'ers', 'er', 'ed',
  'es', 's', 'ly',
]; // prettier-ignore
const MIN_STEM = 3;

/** A crude, deterministic suffix stripper; it only has to map a word's forms to one key. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM) {
      if (suffix === 's' && w.endsWith('ss')) continue;
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.length > MIN_STEM && w.at(-1) === w.at(-2) && !'aeioulsz'.includes(w.at(-1)!)) {
    w = w.slice(0, -1);
  }
  if (w.length > MIN_STEM && (w.endsWith('e') || w.endsWith('y'))) w = w.slice(0, -1);
  return w;
}

/** The text with every quoted span (quotes included) replaced by MASK, same length. */
export function maskQuotes(text: string): string {
  // Code units, so the mask lines up with the input index for index.
  const chars = text.split('');
  const isWordAt = (index: number) => WORD_CHAR.test(chars[index] ?? '');
  for (let i = 0; i < chars.length; i++) {
    const closer = QUOTE_CLOSERS[chars[i] ?? ''];
    if (!closer || isWordAt(i - 1)) continue;
    for (let j = i + 1; j < chars.length; j++) {
      if (chars[j] === closer && !isWordAt(j + 1)) {
        chars.fill(MASK, i, j + 1);
        i = j;
        break;
      }
    }
  }
  return chars.join('');
}

function termsOf(unquoted: string): Set<string> {
  const terms = new Set<string>();
  for (const word of unquoted.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || /^\p{N}+$/u.test(word) || STOP_WORDS.has(word)) continue;
    terms.add(stem(word));
  }
  if (ARITHMETIC.test(unquoted)) terms.add(EXPR_TERM);
  return terms;
}

interface Clause {
  /** As written, quotes preserved. */
  text: string;
  /** The same span with quoted content masked: what matching and linking read. */
  unquoted: string;
  isSequential: boolean;
}

/** Splits a request into clauses; exported for tests and for previews in the UI. */
export function splitClauses(input: string): Clause[] {
  const masked = maskQuotes(input);
  const cuts: { start: number; end: number; isSequential: boolean }[] = [];
  let start = 0;
  let isSequential = false;
  for (const match of masked.matchAll(SEPARATOR)) {
    cuts.push({ start, end: match.index, isSequential });
    start = match.index + match[0].length;
    isSequential = SEQUENTIAL_CONNECTOR.test(match[0]);
  }
  cuts.push({ start, end: masked.length, isSequential });

  const clauses: Clause[] = [];
  for (const cut of cuts) {
    let unquoted = masked.slice(cut.start, cut.end);
    let text = input.slice(cut.start, cut.end);
    const lead = /^\s*/u.exec(unquoted)![0].length;
    const connector = LEADING_CONNECTORS.exec(unquoted.slice(lead))?.[0] ?? '';
    const from = lead + connector.length;
    const to = unquoted.trimEnd().replace(/[\s.!?;,]+$/u, '').length;
    if (to <= from) continue;
    text = text.slice(from, to);
    unquoted = unquoted.slice(from, to);
    clauses.push({
      text,
      unquoted,
      isSequential: cut.isSequential || SEQUENTIAL_CONNECTOR.test(connector),
    });
  }
  return clauses;
}

interface IndexedCapability {
  name: string;
  weights: Map<string, number>;
}

function indexCatalog(catalog: readonly CapabilityInfo[]): IndexedCapability[] {
  const byName = new Map<string, Map<string, number>>();
  const add = (weights: Map<string, number>, text: string, weight: number) => {
    for (const term of termsOf(maskQuotes(text))) {
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
  };
  for (const capability of catalog) {
    // The same capability offered by several agents is one entry.
    const weights = byName.get(capability.name) ?? new Map<string, number>();
    byName.set(capability.name, weights);
    add(weights, capability.name, FIELD_WEIGHTS.name);
    capability.tags.forEach((tag) => add(weights, tag, FIELD_WEIGHTS.tag));
    capability.examples.forEach((example) => add(weights, example, FIELD_WEIGHTS.example));
    add(weights, capability.description, FIELD_WEIGHTS.description);
  }
  return [...byName].map(([name, weights]) => ({ name, weights }));
}

export interface CapabilityScore {
  capability: string;
  score: number;
}

/** Every capability's score for a clause, best first (ties in catalog order). */
export function scoreClause(
  clauseText: string,
  catalog: readonly CapabilityInfo[],
): CapabilityScore[] {
  return rank(termsOf(maskQuotes(clauseText)), indexCatalog(catalog));
}

function rank(terms: ReadonlySet<string>, index: readonly IndexedCapability[]): CapabilityScore[] {
  const total = index.length;
  const idf = (term: string) => {
    const df = index.filter((capability) => capability.weights.has(term)).length;
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  };
  const scores = index.map(({ name, weights }) => {
    let score = 0;
    for (const term of terms) score += (weights.get(term) ?? 0) * idf(term);
    return { capability: name, score };
  });
  return scores.sort((a, b) => b.score - a.score);
}

const EPSILON = 1e-9;

function refFor(capability: string, used: Map<string, number>): string {
  const base =
    capability
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .replace(/^[.-]+/, '')
      .slice(0, 60) || 'task';
  const count = (used.get(base) ?? 0) + 1;
  used.set(base, count);
  return count === 1 ? base : `${base}_${count}`;
}

/** Plans a free-text request against the capabilities agents offer. See the module comment. */
export function planHeuristically(
  input: string,
  catalog: readonly CapabilityInfo[],
): PlanningResult {
  const clauses = splitClauses(input);
  if (clauses.length === 0) {
    return planningFailure('EMPTY_REQUEST', [
      { code: 'INVALID_FIELD', message: 'the request has nothing to plan', path: 'input' },
    ]);
  }
  const index = indexCatalog(catalog);
  const known = index.map((capability) => capability.name).join(', ') || 'none';

  const tasks: PlannedTask[] = [];
  const used = new Map<string, number>();
  for (const [position, clause] of clauses.entries()) {
    const where = clauses.length > 1 ? ` (clause ${position + 1} of ${clauses.length})` : '';
    const [best, ...rest] = rank(termsOf(clause.unquoted), index);
    if (!best || best.score < MIN_MATCH_SCORE) {
      return planningFailure('NO_MATCHING_CAPABILITY', [], {
        clause: clause.text,
        message: `no capability matches "${clause.text}"${where}; available: ${known}. Put text that contains "and" or "then" in quotes.`,
      });
    }
    const tied = rest.filter((other) => best.score - other.score < EPSILON);
    if (tied.length > 0) {
      const names = [best, ...tied].map((score) => score.capability).join(', ');
      return planningFailure('AMBIGUOUS_CLAUSE', [], {
        clause: clause.text,
        message: `"${clause.text}"${where} matches ${names} equally well; name the capability you want`,
      });
    }

    const dependsOn = new Set<string>();
    const previous = tasks.at(-1);
    if (previous && REFERS_TO_ALL.test(clause.unquoted)) {
      const awaited = new Set(tasks.flatMap((task) => task.dependsOn));
      tasks.filter((task) => !awaited.has(task.ref)).forEach((task) => dependsOn.add(task.ref));
    } else if (previous && (clause.isSequential || REFERS_TO_PREVIOUS.test(clause.unquoted))) {
      dependsOn.add(previous.ref);
    }

    tasks.push({
      ref: refFor(best.capability, used),
      description: clause.text,
      capability: best.capability,
      dependsOn: [...dependsOn],
      input: clause.text,
      mode: 'single',
    });
  }

  const validation = validatePlan({ tasks }, new Set(index.map((capability) => capability.name)));
  if (!validation.ok) return planningFailure('INVALID_PLAN', validation.errors);
  return { ok: true, tasks, order: validation.order };
}
