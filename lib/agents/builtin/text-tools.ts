/**
 * The text-tools builtin: word count, extractive summary and keywords. Deterministic (no model, no
 * randomness): the same text always gives the same answer, and ties are broken by position.
 */
import {
  assertInputSize,
  BuiltinError,
  subjectText,
  type BuiltinInput,
  type BuiltinResult,
} from './input';
import { STOPWORDS } from './stopwords';

/** A word: letters/digits, with inner apostrophes ("don't") and hyphens ("state-of-the-art"). */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*(?:-[\p{L}\p{N}]+)*/gu;

export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

const COUNT_INSTRUCTION =
  /^\s*(?:please\s+)?(?:count|how\s+many)\s+(?:the\s+|all\s+)?(?:number\s+of\s+)?words?\s*(?:are\s+)?(?:there\s+)?(?:in|of|inside|within)?\s*/i;
const SUMMARIZE_INSTRUCTION =
  /^\s*(?:please\s+)?(?:summari[sz]e|give\s+(?:me\s+)?a\s+(?:short\s+|brief\s+)?summary\s+of|write\s+a\s+summary\s+of|tl;?dr)\b\s*(?:this|the|following|text|article|document)*\s*(?:in\s+\w+\s+sentences?)?\s*/i;
const KEYWORDS_INSTRUCTION =
  /^\s*(?:please\s+)?(?:extract|find|list|get|what\s+are)\s+(?:the\s+)?(?:top\s+\d+\s+)?(?:\d+\s+)?(?:main\s+|key\s+)?(?:keywords?|key\s+words|topics|terms)\s*(?:are\s+)?(?:in|of|from)?\s*/i;

function requireSubject(subject: string, what: string): string {
  if (!subject.trim()) {
    throw new BuiltinError(
      'BAD_INPUT',
      `There is no text to ${what}: quote it ('…'), put it after a colon, or give the task a dependency whose output is text.`,
    );
  }
  assertInputSize(subject);
  return subject;
}

export function countWords(input: BuiltinInput): BuiltinResult {
  const subject = requireSubject(subjectText(input, COUNT_INSTRUCTION), 'count');
  const count = wordsOf(subject).length;
  return { output: { words: count }, text: `${count} ${count === 1 ? 'word' : 'words'}` };
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

/** A count asked for in the instruction ("in 2 sentences", "top 3 keywords"), or null. */
function requestedCount(instruction: string, nouns: string): number | null {
  const pattern = new RegExp(
    String.raw`\b(?:top\s+)?(\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})[\s-]+(?:main\s+|key\s+)?(?:${nouns})\b|\btop\s+(\d{1,3})\b`,
    'i',
  );
  const match = pattern.exec(instruction);
  const raw = match?.[1] ?? match?.[2];
  if (!raw) return null;
  const value = NUMBER_WORDS[raw.toLowerCase()] ?? Number(raw);
  return value >= 1 ? value : null;
}

/** The instruction part of the input: the text with the subject taken out. */
function instructionOf(input: BuiltinInput, subject: string): string {
  return input.text.includes(subject) ? input.text.replace(subject, ' ') : input.text;
}

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])["'”’)\]]*\s+|\n\s*\n/)
    .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
    .filter((sentence) => wordsOf(sentence).length > 0);
}

function contentWords(text: string): string[] {
  return wordsOf(text)
    .map((word) => word.toLowerCase().replace(/’/g, "'").replace(/'s$/, ''))
    .filter((word) => word.length > 2 && !STOPWORDS.has(word) && !/^\d+$/.test(word));
}

export const DEFAULT_SUMMARY_SENTENCES = 3;
export const MAX_SUMMARY_SENTENCES = 20;

/**
 * Extractive summary: each sentence scores the mean document frequency of its content words
 * (stopwords removed, frequencies relative to the most frequent word); the best `k` sentences are
 * returned in their original order. Ties go to the earlier sentence.
 */
export function summarizeText(text: string, k: number): { summary: string; sentences: string[] } {
  const sentences = splitSentences(text);
  const frequency = new Map<string, number>();
  for (const word of contentWords(text)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const top = Math.max(1, ...frequency.values());
  const scored = sentences.map((sentence, index) => {
    const words = contentWords(sentence);
    const total = words.reduce((sum, word) => sum + (frequency.get(word) ?? 0) / top, 0);
    return { sentence, index, score: words.length > 0 ? total / words.length : 0 };
  });
  const chosen = [...scored]
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, Math.min(k, sentences.length))
    .sort((a, b) => a.index - b.index)
    .map(({ sentence }) => sentence);
  return { summary: chosen.join(' '), sentences: chosen };
}

export function summarize(input: BuiltinInput): BuiltinResult {
  const subject = requireSubject(subjectText(input, SUMMARIZE_INSTRUCTION), 'summarize');
  const sentenceCount = splitSentences(subject).length;
  const asked = requestedCount(instructionOf(input, subject), 'sentences?');
  const k = Math.min(
    MAX_SUMMARY_SENTENCES,
    asked ?? Math.min(DEFAULT_SUMMARY_SENTENCES, Math.max(1, Math.ceil(sentenceCount / 2))),
  );
  const { summary, sentences } = summarizeText(subject, k);
  return { output: { summary, sentences, sentenceCount }, text: summary };
}

export const DEFAULT_KEYWORDS = 5;
export const MAX_KEYWORDS = 50;

/** Content words by frequency (ties: first occurrence first). */
export function keywordsOf(text: string, n: number): { keyword: string; count: number }[] {
  const counts = new Map<string, { count: number; first: number }>();
  contentWords(text).forEach((word, index) => {
    const entry = counts.get(word);
    if (entry) entry.count += 1;
    else counts.set(word, { count: 1, first: index });
  });
  return [...counts.entries()]
    .sort(([, a], [, b]) => b.count - a.count || a.first - b.first)
    .slice(0, n)
    .map(([keyword, { count }]) => ({ keyword, count }));
}

export function extractKeywords(input: BuiltinInput): BuiltinResult {
  const subject = requireSubject(subjectText(input, KEYWORDS_INSTRUCTION), 'extract keywords from');
  const asked = requestedCount(
    instructionOf(input, subject),
    'keywords?|key\\s+words|topics?|terms?',
  );
  const ranked = keywordsOf(subject, Math.min(MAX_KEYWORDS, asked ?? DEFAULT_KEYWORDS));
  const keywords = ranked.map(({ keyword }) => keyword);
  return {
    output: { keywords, counts: ranked },
    text: keywords.length > 0 ? keywords.join(', ') : '(no keywords: the text has only stopwords)',
  };
}
