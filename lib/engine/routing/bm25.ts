/**
 * A compact Okapi BM25 ranker for semantic routing (no ranking library is installed, and the corpus
 * — every capability of every candidate — is a few hundred short documents at most, so an in-memory
 * index built per decision costs microseconds).
 *
 *   score(D, Q) = Σ_{q ∈ Q} IDF(q) · f(q, D) · (k1 + 1) / (f(q, D) + k1 · (1 − b + b · |D| / avgdl))
 *   IDF(q)      = ln(1 + (N − n(q) + 0.5) / (n(q) + 0.5))      (Lucene's variant: never negative)
 *
 * k1 = 1.2 (term-frequency saturation) and b = 0.75 (length normalisation) are the textbook defaults
 * (Robertson & Zaragoza 2009) and Lucene's.
 */
export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1: number;
  /** Document-length normalisation, 0 (none) to 1 (full). Default 0.75. */
  b: number;
}

export const DEFAULT_BM25_OPTIONS: Readonly<Bm25Options> = Object.freeze({ k1: 1.2, b: 0.75 });

/**
 * Words that carry no routing signal. Kept short on purpose: IDF already discounts common words, but
 * with a corpus of a handful of capabilities "the" can look rare enough to matter.
 */
const STOP_WORDS = new Set(
  (
    'a an and are as at be by for from in into is it its of on or that the then this to with ' +
    'me my please result results'
  ).split(' '),
);

/**
 * Lower-cases, splits on anything that is not a letter or digit (so `word_count` → word, count),
 * drops stop words, and folds simple English plurals (words → word, queries → query).
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0 && !STOP_WORDS.has(token))
    .map(foldPlural);
}

function foldPlural(token: string): string {
  if (token.length > 4 && token.endsWith('ies')) return `${token.slice(0, -3)}y`;
  if (token.length > 3 && token.endsWith('s') && !token.endsWith('ss')) return token.slice(0, -1);
  return token;
}

export interface Bm25Index {
  /** Term frequencies per document, in input order. */
  readonly documents: readonly ReadonlyMap<string, number>[];
  readonly lengths: readonly number[];
  readonly averageLength: number;
  /** Number of documents containing each term. */
  readonly documentFrequency: ReadonlyMap<string, number>;
  readonly options: Bm25Options;
}

export function createBm25Index(
  texts: readonly string[],
  options: Bm25Options = DEFAULT_BM25_OPTIONS,
): Bm25Index {
  const documents = texts.map((text) => {
    const frequencies = new Map<string, number>();
    for (const token of tokenize(text)) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
    return frequencies;
  });
  const lengths = documents.map((frequencies) => sumValues(frequencies));
  const documentFrequency = new Map<string, number>();
  for (const frequencies of documents) {
    for (const term of frequencies.keys()) {
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  const totalLength = lengths.reduce((sum, length) => sum + length, 0);
  const averageLength = documents.length === 0 ? 0 : totalLength / documents.length;
  return { documents, lengths, averageLength, documentFrequency, options };
}

/** BM25 score of every document against `query`, in document order (0 = no shared term). */
export function scoreBm25(index: Bm25Index, query: string): number[] {
  const { k1, b } = index.options;
  const n = index.documents.length;
  const terms = [...new Set(tokenize(query))];
  return index.documents.map((frequencies, i) => {
    const lengthRatio =
      index.averageLength === 0 ? 0 : (index.lengths[i] ?? 0) / index.averageLength;
    let score = 0;
    for (const term of terms) {
      const tf = frequencies.get(term) ?? 0;
      if (tf === 0) continue;
      const df = index.documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + b * lengthRatio));
    }
    return score;
  });
}

function sumValues(map: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const value of map.values()) sum += value;
  return sum;
}
