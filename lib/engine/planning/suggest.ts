/**
 * Error texts for workflows an operator typed: an unknown key is named together with the key it
 * probably stands for ("unknown key `capabilty` in tasks.0; did you mean `capability`?"), and the
 * "required" complaint the typo causes for the real key is dropped, so the first message an operator
 * reads is the one that explains the mistake.
 */

/** Levenshtein distance with adjacent transpositions counted as one edit (`capabilty` → 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition step looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1);
      }
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `word`, when it is close enough to be a plausible typo: at most a third
 * of the word's length in edits (at least 1, at most 3), compared case-insensitively. Ties go to the
 * first candidate, so callers list candidates in their preferred order.
 */
export function suggestClosest(word: string, candidates: readonly string[]): string | null {
  const needle = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(needle.length / 3)));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}

const quote = (key: string) => `\`${key}\``;

/**
 * "unknown key `capabilty`; did you mean `capability`?" — or, for several keys,
 * "unknown keys `a`, `capabilty` (did you mean `capability`?)". Never suggests a key the object
 * already carries, since that would not be a typo of it.
 */
export function unknownKeysMessage(
  keys: readonly string[],
  known: readonly string[],
  present: readonly string[] = [],
): string {
  const available = known.filter((key) => !present.includes(key));
  const hints = keys.map((key) => suggestClosest(key, available));
  if (keys.length === 1) {
    const hint = hints[0];
    return `unknown key ${quote(keys[0]!)}${hint ? `; did you mean ${quote(hint)}?` : ''}`;
  }
  const listed = keys.map((key, i) =>
    hints[i] ? `${quote(key)} (did you mean ${quote(hints[i]!)}?)` : quote(key),
  );
  return `unknown keys ${listed.join(', ')}`;
}

/** The parts of a zod issue these texts read (structural, so lib/engine need not import zod's types). */
export interface IssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

const pathText = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The key a typo hides: a "did you mean `x`?" in an unknown-key message at `path`. */
function suggestedKeys(issues: readonly IssueLike[]): Set<string> {
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const match of issue.message.matchAll(/did you mean `([^`]+)`\?/g)) {
      suggested.add(pathText([...issue.path, match[1]!]));
    }
  }
  return suggested;
}

/**
 * The issues worth showing, most useful first: unknown keys lead, and a "required" complaint about
 * a key that an unknown key was suggested for is dropped (the typo explains it).
 */
export function prioritiseIssues<T extends IssueLike>(issues: readonly T[]): T[] {
  const hidden = suggestedKeys(issues);
  const kept = issues.filter(
    (issue) =>
      issue.code === 'unrecognized_keys' ||
      !(issue.code === 'invalid_type' && hidden.has(pathText(issue.path))),
  );
  return [
    ...kept.filter((issue) => issue.code === 'unrecognized_keys'),
    ...kept.filter((issue) => issue.code !== 'unrecognized_keys'),
  ];
}

/** One issue as a line: "unknown key `capabilty` in tasks.0; did you mean …", "tasks.1.ref: …". */
export function issueText(issue: IssueLike): string {
  const where = pathText(issue.path);
  if (issue.code === 'unrecognized_keys' && /^unknown keys? /.test(issue.message)) {
    if (!where) return issue.message;
    const split = issue.message.indexOf(';');
    return split === -1
      ? `${issue.message} in ${where}`
      : `${issue.message.slice(0, split)} in ${where}${issue.message.slice(split)}`;
  }
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** The first (most useful) issue of a workflow that failed its schema, as one line. */
export function workflowIssueText(issues: readonly IssueLike[]): string {
  const [first] = prioritiseIssues(issues);
  return first ? issueText(first) : 'The workflow is invalid.';
}
